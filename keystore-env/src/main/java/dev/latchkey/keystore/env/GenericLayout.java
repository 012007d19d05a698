package dev.latchkey.keystore.env;

import dev.latchkey.Principal;
import dev.latchkey.hash.InvalidKeyHashException;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.env.EnvConfigurationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** See {@link EnvLayout#generic(String)}. */
final class GenericLayout implements EnvLayout {
  static final String DEFAULT_PREFIX = "LATCHKEY_KEY_";
  private static final String ROLES_SUFFIX = "_ROLES";
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> HASH_PREFIXES =
      List.of("sha256:", "hmac-sha256:", "hmac-sha512:", "moose-pbkdf2:", "$");

  private final String prefix;

  GenericLayout(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("a variable prefix must be letters, digits and '_': '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  @Override
  public String name() {
    return "generic(" + prefix + ")";
  }

  @Override
  public List<KeyEntry> entries(EnvVariables variables, Peppers peppers) {
    LayoutSupport out = new LayoutSupport();
    for (String name : new TreeSet<>(variables.names())) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      EnvVariable variable = variables.get(name).orElseThrow();
      String keyName = name.substring(prefix.length());
      if (keyName.endsWith(ROLES_SUFFIX)) {
        String base = prefix + keyName.substring(0, keyName.length() - ROLES_SUFFIX.length());
        if (LayoutSupport.set(variables, base).isEmpty()) {
          out.problems.add(Problem.of(variable, "gives roles for " + base + ", which is not set"));
        }
        continue;
      }
      if (keyName.isEmpty()) {
        out.problems.add(Problem.of(variable, "needs a key name after the prefix " + prefix));
        continue;
      }
      if (variable.value().isEmpty()) {
        continue;
      }
      String principal = keyName.toLowerCase(Locale.ROOT).replace('_', '-');
      Optional<String> badName = Principal.problemWith(principal);
      if (badName.isPresent()) {
        out.problems.add(Problem.of(variable, "names a key that " + badName.get() + ", which no principal name may"));
        continue;
      }
      List<String> roles = roles(variables, name, out);
      hash(variable, peppers, out).ifPresent(hash ->
          out.entries.add(KeyEntry.builder(name, hash).name(principal).roles(roles).build()));
    }
    return out.result();
  }

  private static Optional<KeyHash> hash(EnvVariable variable, Peppers peppers, LayoutSupport out) {
    String value = variable.value();
    if (HASH_PREFIXES.stream().anyMatch(value::startsWith)) {
      try {
        return Optional.of(KeyHashes.parse(value, peppers));
      } catch (InvalidKeyHashException e) {
        out.problems.add(Problem.of(variable, "is not a valid key hash: " + e.getMessage()));
        return Optional.empty();
      }
    }
    return out.plaintext(variable, value);
  }

  /** The roles {@code <key variable>_ROLES} lists; a problem, and no roles, if one has a control character. */
  private static List<String> roles(EnvVariables variables, String keyVariable, LayoutSupport out) {
    List<String> roles = new ArrayList<>();
    Optional<EnvVariable> variable = variables.get(keyVariable + ROLES_SUFFIX);
    if (variable.isEmpty()) {
      return roles;
    }
    for (String role : variable.get().value().split(",")) {
      if (role.isBlank()) {
        continue;
      }
      Optional<String> problem = Principal.problemWith(role.strip());
      if (problem.isPresent()) {
        out.problems.add(Problem.of(variable.get(), "lists a role that " + problem.get() + ", which no role may"));
        return List.of();
      }
      roles.add(role.strip());
    }
    return roles;
  }

  @Override
  public String toString() {
    return "EnvLayout[" + name() + "]";
  }
}
