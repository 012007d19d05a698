package dev.latchkey.hash;

import dev.latchkey.internal.PrincipalRules;
import dev.latchkey.internal.Require;
import dev.latchkey.internal.RoleSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One stored key of a {@link HashedKeyIndex}: its id, the principal it proves, its hash and its
 * lifecycle. Holds no secret. Immutable and thread-safe; equal role sets are shared between entries.
 *
 * @param id the key's unique, stable id (becomes the principal's credential id)
 * @param name the principal name the key proves
 * @param roles the roles it grants, in order
 * @param hash the stored hash of the secret
 * @param owner the owning user, if any
 * @param expiresAt when the key stops working, if it does
 * @param state active, disabled or revoked
 * @param attributes further metadata, copied to the principal
 * @param payload what the source that owns the entry needs to judge it, typed (such as a managed key's
 *     kind and grace deadline), so the request path reads fields instead of parsing attributes; never
 *     copied to the principal; empty for none
 */
public record KeyEntry(
    String id,
    String name,
    Set<String> roles,
    KeyHash hash,
    Optional<String> owner,
    Optional<Instant> expiresAt,
    KeyState state,
    Map<String, String> attributes,
    Optional<Object> payload) {

  /**
   * Validates and copies.
   *
   * @param id the key's unique, stable id (becomes the principal's credential id)
   * @param name the principal name the key proves
   * @param roles the roles it grants, in order
   * @param hash the stored hash of the secret
   * @param owner the owning user, if any
   * @param expiresAt when the key stops working, if it does
   * @param state active, disabled or revoked
   * @param attributes further metadata, copied to the principal
   * @param payload what the owning source needs to judge the entry; empty for none
   * @throws IllegalArgumentException if the id or name is blank, or the name or a role has a control
   *     character, which no principal may have (the message never quotes them)
   */
  public KeyEntry {
    Require.nonBlank(id, "a key's id");
    PrincipalRules.requireName(name, "a key's name");
    roles = RoleSet.of(roles);
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    attributes = Map.copyOf(attributes);
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * An entry without a payload.
   *
   * @param id the key's unique, stable id (becomes the principal's credential id)
   * @param name the principal name the key proves
   * @param roles the roles it grants, in order
   * @param hash the stored hash of the secret
   * @param owner the owning user, if any
   * @param expiresAt when the key stops working, if it does
   * @param state active, disabled or revoked
   * @param attributes further metadata, copied to the principal
   * @throws IllegalArgumentException as the canonical constructor
   */
  public KeyEntry(
      String id, String name, Set<String> roles, KeyHash hash, Optional<String> owner, Optional<Instant> expiresAt,
      KeyState state, Map<String, String> attributes) {
    this(id, name, roles, hash, owner, expiresAt, state, attributes, Optional.empty());
  }

  /**
   * An active entry {@code id} with {@code hash}, named {@code id}, with no roles.
   *
   * @param id the key's unique, stable id
   * @param hash the stored hash of the secret
   * @return a new builder
   */
  public static Builder builder(String id, KeyHash hash) {
    return new Builder(id, hash);
  }

  /**
   * A builder holding this entry's values, to change some of them.
   *
   * @return a new builder; changing it does not change this entry
   */
  public Builder toBuilder() {
    Builder b = new Builder(id, hash).name(name).roles(roles).state(state).attributes(attributes);
    payload.ifPresent(b::payload);
    owner.ifPresent(b::owner);
    expiresAt.ifPresent(b::expiresAt);
    return b;
  }

  /**
   * Whether the key is past its expiry at {@code now}.
   *
   * @param now the instant to judge at
   * @return {@code true} if the key has an expiry and {@code now} is at or after it
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  /** Builds a {@link KeyEntry}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private KeyHash hash;
    private String name;
    private Set<String> roles = Set.of();
    private String owner;
    private Instant expiresAt;
    private KeyState state = KeyState.ACTIVE;
    private Map<String, String> attributes = Map.of();
    private Object payload;

    private Builder(String id, KeyHash hash) {
      this.id = id;
      this.hash = hash;
      this.name = id;
    }

    /**
     * The principal name; the id by default.
     *
     * @param name the principal name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The roles.
     *
     * @param roles the roles, in order; replace any set before
     * @return this builder
     */
    public Builder roles(String... roles) {
      return roles(Arrays.asList(roles));
    }

    /**
     * The roles.
     *
     * @param roles the roles, in order; replace any set before
     * @return this builder
     */
    public Builder roles(Collection<String> roles) {
      this.roles = new LinkedHashSet<>(roles);
      return this;
    }

    /**
     * The hash.
     *
     * @param hash the stored hash of the secret
     * @return this builder
     */
    public Builder hash(KeyHash hash) {
      this.hash = hash;
      return this;
    }

    /**
     * The owner.
     *
     * @param owner the owning user; null for none
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * The expiry.
     *
     * @param expiresAt when the key stops working; null for never
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * The state; {@link KeyState#ACTIVE} by default.
     *
     * @param state the key's state
     * @return this builder
     */
    public Builder state(KeyState state) {
      this.state = state;
      return this;
    }

    /**
     * The attributes.
     *
     * @param attributes further metadata, copied
     * @return this builder
     */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = attributes;
      return this;
    }

    /**
     * The typed payload the owning source judges the entry by (never copied to the principal).
     *
     * @param payload the payload; null for none
     * @return this builder
     */
    public Builder payload(Object payload) {
      this.payload = payload;
      return this;
    }

    /**
     * The entry.
     *
     * @return a new entry
     */
    public KeyEntry build() {
      return new KeyEntry(
          id, name, roles, hash, Optional.ofNullable(owner), Optional.ofNullable(expiresAt), state, attributes,
          Optional.ofNullable(payload));
    }
  }
}
