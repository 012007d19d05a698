package dev.latchkey.internal;

import java.util.Optional;

/**
 * What a principal's name and roles may contain: anything but control characters (C0, DEL, C1).
 * Names and roles end up in logs, audit events, headers a host sets and its authorization decisions;
 * a line feed or a NUL there could forge a log line or cut a name short. Every principal, key entry
 * and role set is checked against this one rule, and every loader reports a violation as a problem of
 * its file. Stateless and thread-safe.
 */
public final class PrincipalRules {
  private PrincipalRules() {}

  /**
   * What is wrong with {@code value} as a principal's name or role, phrased to follow "the name …";
   * never quotes the value.
   *
   * @param value the name or role to check
   * @return the problem, or empty if there is none
   */
  public static Optional<String> problemWith(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (CredentialRules.isControl(value.charAt(i))) {
        return Optional.of("contains a control character");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code name}, if it is non-blank and has no control character.
   *
   * @param name the name to check
   * @param what what it is, for the messages, such as {@code "a principal's name"}
   * @return {@code name}
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is blank or has a control character (the message never
   *     quotes it)
   */
  public static String requireName(String name, String what) {
    Require.nonBlank(name, what);
    Optional<String> problem = problemWith(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(what + " " + problem.get());
    }
    return name;
  }

  /**
   * {@code role}, if it has no control character.
   *
   * @param role the role to check
   * @return {@code role}
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it has a control character (the message never quotes it)
   */
  public static String requireRole(String role) {
    java.util.Objects.requireNonNull(role, "role");
    Optional<String> problem = problemWith(role);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("a role " + problem.get());
    }
    return role;
  }
}
