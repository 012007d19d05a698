package dev.latchkey;

import dev.latchkey.internal.PrincipalRules;
import dev.latchkey.internal.Require;
import dev.latchkey.internal.RoleSet;
import dev.latchkey.internal.frozen.FrozenMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request authenticated as: a name, roles, and where the identity came from.
 *
 * <p>Immutable and thread-safe; roles (in the order given) and attributes are unmodifiable copies,
 * nested lists, sets and maps included. Attribute values are plain data (strings, numbers, booleans,
 * lists and maps of them), such as JWT claims or key metadata.
 * A principal never carries the secret that proved it. Its name and roles never contain a control
 * character (see {@link #problemWith(String)}), whichever source made it.
 *
 * @param name the identity, such as {@code admin}, {@code client-0} or {@code apikey:ci}
 * @param roles the roles granted, in the order configured
 * @param sourceId the id of the {@link CredentialSource} that accepted the credential
 * @param credentialId the id of the credential itself (a key id, a JWT {@code jti}), if known
 * @param owner the owner of the credential (a user id), if it has one
 * @param expiresAt when the credential expires, if it does
 * @param issuedAt when the credential was issued (a JWT's {@code iat}), if known; revocations of every
 *     token of a subject issued before an instant are judged by it
 * @param attributes further facts about the identity
 */
public record Principal(
    String name,
    Set<String> roles,
    String sourceId,
    Optional<String> credentialId,
    Optional<String> owner,
    Optional<Instant> expiresAt,
    Optional<Instant> issuedAt,
    Map<String, Object> attributes) {

  /**
   * Validates and copies.
   *
   * @param name the identity, such as {@code admin}, {@code client-0} or {@code apikey:ci}
   * @param roles the roles granted, in the order configured
   * @param sourceId the id of the {@link CredentialSource} that accepted the credential
   * @param credentialId the id of the credential itself (a key id, a JWT {@code jti}), if known
   * @param owner the owner of the credential (a user id), if it has one
   * @param expiresAt when the credential expires, if it does
   * @param issuedAt when the credential was issued, if known
   * @param attributes further facts about the identity
   * @throws IllegalArgumentException if the name is blank, or the name or a role has a control
   *     character (the message never quotes them)
   */
  public Principal {
    PrincipalRules.requireName(name, "a principal's name");
    Require.nonBlank(sourceId, "a principal's sourceId");
    roles = RoleSet.of(roles);
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    attributes = frozen(Objects.requireNonNull(attributes, "attributes"));
  }

  /**
   * A principal whose issue time is not known (key stores, which have none to tell).
   *
   * @param name the identity, such as {@code admin}, {@code client-0} or {@code apikey:ci}
   * @param roles the roles granted, in the order configured
   * @param sourceId the id of the {@link CredentialSource} that accepted the credential
   * @param credentialId the id of the credential itself (a key id, a JWT {@code jti}), if known
   * @param owner the owner of the credential (a user id), if it has one
   * @param expiresAt when the credential expires, if it does
   * @param attributes further facts about the identity
   * @throws IllegalArgumentException if the name is blank, or the name or a role has a control
   *     character (the message never quotes them)
   */
  public Principal(
      String name,
      Set<String> roles,
      String sourceId,
      Optional<String> credentialId,
      Optional<String> owner,
      Optional<Instant> expiresAt,
      Map<String, Object> attributes) {
    this(name, roles, sourceId, credentialId, owner, expiresAt, Optional.empty(), attributes);
  }

  /**
   * Starts a principal named {@code name}, accepted by the source {@code sourceId}.
   *
   * @param name the identity; never blank
   * @param sourceId the id of the source that accepted the credential
   * @return a new builder
   */
  public static Builder builder(String name, String sourceId) {
    return new Builder(name, sourceId);
  }

  /**
   * Why {@code value} could never be a principal's name or one of its roles, if it could not: it
   * contains a control character (C0, DEL or C1), which could forge a line in a log or a header.
   * Sources use this to refuse such names and roles before they make a principal, and key stores to
   * refuse them when they load. The reason never quotes the value.
   *
   * @param value a name or role
   * @return the reason, phrased to follow "the name …", or empty if it may be used
   */
  public static Optional<String> problemWith(String value) {
    return PrincipalRules.problemWith(Objects.requireNonNull(value, "value"));
  }

  /**
   * Whether the principal has {@code role}.
   *
   * @param role the role, matched exactly
   * @return {@code true} if the principal has it
   */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * A deep, unmodifiable copy: lists, sets and maps nested in attribute values are copied too, except
   * those already made by {@code List.of}, {@code Set.of} and {@code Map.of} (or their {@code copyOf})
   * all the way down, which nothing can change.
   */
  private static Map<String, Object> frozen(Map<String, Object> attributes) {
    if (attributes instanceof FrozenMap) {
      return attributes; // immutable all the way down, by its maker's word (Latchkey's own readers only)
    }
    // One pass, no allocation: this runs for every authenticated request.
    boolean mutable = false;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        throw new NullPointerException("attribute " + e.getKey());
      }
      mutable |= !isImmutable(v);
    }
    if (!mutable) {
      return Map.copyOf(attributes); // returns an already-immutable map as it is
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    attributes.forEach((k, v) -> copy.put(k, frozenValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  // The JDK's immutable collections: List.of, Set.of and Map.of (and copyOf) make only these classes.
  private static final Class<?> LIST_12 = List.of(1).getClass();
  private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
  private static final Class<?> SET_12 = Set.of(1).getClass();
  private static final Class<?> SET_N = Set.of(1, 2, 3).getClass();
  private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
  private static final Class<?> MAP_N = Map.of(1, 1, 2, 2).getClass();

  /** Whether {@code value} is a plain value, or a JDK immutable collection of such values all the way down. */
  private static boolean isImmutable(Object value) {
    Class<?> type = value.getClass();
    if (type == String.class || type == Long.class || type == Boolean.class || type == Double.class || type == Integer.class) {
      return true; // the usual claim values, told apart without an interface check
    }
    if (type != LIST_12 && type != LIST_N && type != SET_12 && type != SET_N && type != MAP_1 && type != MAP_N) {
      return !(value instanceof Collection || value instanceof Map);
    }
    if (value instanceof Map<?, ?> map) {
      for (Object v : map.values()) {
        if (!isImmutable(v)) {
          return false;
        }
      }
      return true;
    }
    for (Object v : (Collection<?>) value) {
      if (!isImmutable(v)) {
        return false;
      }
    }
    return true;
  }

  private static Object frozenValue(Object value) {
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(frozenValue(v)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Set<?> set) {
      Set<Object> copy = new LinkedHashSet<>();
      set.forEach(v -> copy.add(frozenValue(v)));
      return Collections.unmodifiableSet(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, frozenValue(v)));
      return Collections.unmodifiableMap(copy);
    }
    return value;
  }

  /** Builds a {@link Principal}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String sourceId;
    private final Set<String> roles = new LinkedHashSet<>();
    private String credentialId;
    private String owner;
    private Instant expiresAt;
    private Instant issuedAt;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private Builder(String name, String sourceId) {
      this.name = name;
      this.sourceId = sourceId;
    }

    /**
     * Adds roles.
     *
     * @param roles the roles to add, in order
     * @return this builder
     */
    public Builder roles(String... roles) {
      return roles(Arrays.asList(roles));
    }

    /**
     * Adds roles.
     *
     * @param roles the roles to add, in order
     * @return this builder
     */
    public Builder roles(Collection<String> roles) {
      roles.forEach(r -> this.roles.add(Objects.requireNonNull(r, "role")));
      return this;
    }

    /**
     * The credential's own id (key id, {@code jti}).
     *
     * @param credentialId the credential's id; null for none
     * @return this builder
     */
    public Builder credentialId(String credentialId) {
      this.credentialId = credentialId;
      return this;
    }

    /**
     * The credential's owner.
     *
     * @param owner the owner; null for none
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * When the credential expires.
     *
     * @param expiresAt the expiry; null for none
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * When the credential was issued (a JWT's {@code iat}).
     *
     * @param issuedAt the issue time; null for unknown
     * @return this builder
     */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /**
     * Adds an attribute; a null value is refused.
     *
     * @param key the attribute name
     * @param value the value; never null
     * @return this builder
     */
    public Builder attribute(String key, Object value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The principal.
     *
     * @return the principal
     * @throws IllegalArgumentException if the name is blank, or the name or a role has a control
     *     character
     */
    public Principal build() {
      return new Principal(
          name,
          roles,
          sourceId,
          Optional.ofNullable(credentialId),
          Optional.ofNullable(owner),
          Optional.ofNullable(expiresAt),
          Optional.ofNullable(issuedAt),
          attributes);
    }
  }
}
