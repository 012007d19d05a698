package dev.latchkey.hash;

import dev.latchkey.internal.PrincipalRules;
import dev.latchkey.internal.Require;
import dev.latchkey.internal.RoleSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One stored key of a {@link HashedKeyIndex}: its id, the principal it proves, its hash and its
 * lifecycle. Holds no secret. Immutable and thread-safe; equal role sets are shared between entries.
 *
 * <p>A value class with the accessors, equality and text of a record (it was one): two entries are
 * equal when all their parts are. It is a class so that it can keep its optional parts as plain fields
 * (a million entries do not carry a million {@code Optional}s), and so that a source with further
 * per-key state can keep that state in the entry itself: a subclass made through
 * {@link #KeyEntry(Builder)} is its own {@linkplain #payload() payload}, one object a key instead of
 * two. Subclasses add state only: every accessor is final, so an entry always says what it was made
 * with, and an entry that is its own payload is equal only to itself.
 */
public class KeyEntry {
  private final String id;
  private final String name;
  private final Set<String> roles;
  private final KeyHash hash;
  /** Null for none. */
  private final String owner;
  /** Null for never. */
  private final Instant expiresAt;
  private final KeyState state;
  private final Map<String, String> attributes;
  /** Null for none; {@code this} for an entry that is its own payload. */
  private final Object payload;

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
   * @param payload what the source that owns the entry needs to judge it, typed (such as a managed key's
   *     kind and grace deadline), so the request path reads fields instead of parsing attributes; never
   *     copied to the principal; empty for none
   * @throws IllegalArgumentException if the id or name is blank, or the name or a role has a control
   *     character, which no principal may have (the message never quotes them)
   */
  public KeyEntry(
      String id,
      String name,
      Set<String> roles,
      KeyHash hash,
      Optional<String> owner,
      Optional<Instant> expiresAt,
      KeyState state,
      Map<String, String> attributes,
      Optional<Object> payload) {
    this(id, name, roles, hash, Objects.requireNonNull(owner, "owner").orElse(null),
        Objects.requireNonNull(expiresAt, "expiresAt").orElse(null), state, attributes,
        Objects.requireNonNull(payload, "payload").orElse(null), false);
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
   * An entry that is its own {@linkplain #payload() payload}, for a subclass that keeps the source's
   * per-key state beside the entry's: the builder's values, its payload ignored.
   *
   * @param entry the entry's values
   * @throws IllegalArgumentException as the canonical constructor
   */
  protected KeyEntry(Builder entry) {
    this(entry.id, entry.name, entry.roles, entry.hash, entry.owner, entry.expiresAt, entry.state, entry.attributes, null, true);
  }

  private KeyEntry(
      String id, String name, Collection<String> roles, KeyHash hash, String owner, Instant expiresAt, KeyState state,
      Map<String, String> attributes, Object payload, boolean selfPayload) {
    Require.nonBlank(id, "a key's id");
    PrincipalRules.requireName(name, "a key's name");
    this.id = id;
    this.name = name;
    this.roles = RoleSet.of(roles);
    this.hash = Objects.requireNonNull(hash, "hash");
    this.owner = owner;
    this.expiresAt = expiresAt;
    this.state = Objects.requireNonNull(state, "state");
    this.attributes = Map.copyOf(attributes);
    this.payload = selfPayload ? this : payload;
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
  public final Builder toBuilder() {
    return new Builder(id, hash).name(name).roles(roles).state(state).attributes(attributes).payload(payload).owner(owner)
        .expiresAt(expiresAt);
  }

  /**
   * Whether the key is past its expiry at {@code now}.
   *
   * @param now the instant to judge at
   * @return {@code true} if the key has an expiry and {@code now} is at or after it
   */
  public final boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /**
   * The key's unique, stable id (becomes the principal's credential id).
   *
   * @return the id
   */
  public final String id() {
    return id;
  }

  /**
   * The principal name the key proves.
   *
   * @return the name
   */
  public final String name() {
    return name;
  }

  /**
   * The roles the key grants.
   *
   * @return an unmodifiable set, in order
   */
  public final Set<String> roles() {
    return roles;
  }

  /**
   * The stored hash of the secret.
   *
   * @return the hash
   */
  public final KeyHash hash() {
    return hash;
  }

  /**
   * The owning user.
   *
   * @return the owner; empty if the key has none
   */
  public final Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  /**
   * When the key stops working.
   *
   * @return the expiry; empty if it never expires
   */
  public final Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * The key's state.
   *
   * @return active, disabled or revoked
   */
  public final KeyState state() {
    return state;
  }

  /**
   * Further metadata, copied to the principal.
   *
   * @return an unmodifiable map
   */
  public final Map<String, String> attributes() {
    return attributes;
  }

  /**
   * What the owning source judges the entry by; never copied to the principal.
   *
   * @return the payload (the entry itself for a subclass made through {@link #KeyEntry(Builder)});
   *     empty for none
   */
  public final Optional<Object> payload() {
    return Optional.ofNullable(payload);
  }

  /**
   * Equal when every part is equal, as for a record; an entry that is its own payload is equal only to
   * itself.
   *
   * @param o another object
   * @return whether {@code o} is an equal entry
   */
  @Override
  public final boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    return o instanceof KeyEntry other
        && payload != this
        && other.payload != other
        && other.getClass() == getClass()
        && id.equals(other.id)
        && name.equals(other.name)
        && roles.equals(other.roles)
        && hash.equals(other.hash)
        && Objects.equals(owner, other.owner)
        && Objects.equals(expiresAt, other.expiresAt)
        && state == other.state
        && attributes.equals(other.attributes)
        && Objects.equals(payload, other.payload);
  }

  /**
   * A hash of the parts, consistent with {@link #equals}.
   *
   * @return the hash code
   */
  @Override
  public final int hashCode() {
    int h = Objects.hash(id, name, roles, hash, owner, expiresAt, state, attributes);
    return payload == this || payload == null ? h : 31 * h + payload.hashCode();
  }

  /**
   * The parts, as a record shows them; the hash shows its format only, never its value.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "KeyEntry[id=" + id + ", name=" + name + ", roles=" + roles + ", hash=" + hash + ", owner=" + owner()
        + ", expiresAt=" + expiresAt() + ", state=" + state + ", attributes=" + attributes + ", payload="
        + (payload == this ? "itself" : payload()) + "]";
  }

  /** Builds a {@link KeyEntry}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private KeyHash hash;
    private String name;
    private Collection<String> roles = List.of();
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
      // Copied (an immutable list as it is); order kept, duplicates dropped when the entry is built.
      this.roles = List.copyOf(roles);
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
      return new KeyEntry(id, name, roles, hash, owner, expiresAt, state, attributes, payload, false);
    }
  }
}
