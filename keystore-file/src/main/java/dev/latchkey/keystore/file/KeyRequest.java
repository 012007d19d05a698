package dev.latchkey.keystore.file;

import dev.latchkey.Principal;
import dev.latchkey.policy.IpAllowlist;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a new key should be: its name, kind, roles, owner, lifespan and address restriction. Made with
 * {@link #named(String)}. Holds no secret: the store generates it. Immutable.
 *
 * @param name the principal name the key proves
 * @param description a note for people, if any
 * @param kind generic, content-API or admin
 * @param type the access of a content-API key (empty for other kinds)
 * @param roles the roles granted, in order (a fixed {@link ContentApiType} adds its own)
 * @param owner the owning user; required for {@link KeyKind#ADMIN admin} keys
 * @param lifespan how long the key lives from its creation; empty for never
 * @param allowedIps addresses and CIDR ranges the key may be used from; empty for anywhere
 * @param viewable whether to keep an encrypted copy its owner may view again (when the store has an
 *     encryption key)
 * @param allowDuplicateName whether the key may share its name with a key already in the store (no by
 *     default: names are how people tell keys apart, and YAML keys refuse duplicates too)
 */
public record KeyRequest(
    String name,
    Optional<String> description,
    KeyKind kind,
    Optional<ContentApiType> type,
    Set<String> roles,
    Optional<String> owner,
    Optional<Duration> lifespan,
    List<String> allowedIps,
    boolean viewable,
    boolean allowDuplicateName) {

  /**
   * Validates and copies.
   *
   * @param name the principal name the key proves
   * @param description a note for people, if any
   * @param kind generic, content-API or admin
   * @param type the access of a content-API key (empty for other kinds)
   * @param roles the roles granted, in order (a fixed {@link ContentApiType} adds its own)
   * @param owner the owning user; required for {@link KeyKind#ADMIN admin} keys
   * @param lifespan how long the key lives from its creation; empty for never
   * @param allowedIps addresses and CIDR ranges the key may be used from; empty for anywhere
   * @param viewable whether to keep an encrypted copy its owner may view again (when the store has an
   *     encryption key)
   * @param allowDuplicateName whether the key may share its name with a key already in the store
   * @throws IllegalArgumentException if the name is blank, the name or a role has a control character
   *     (which no principal may have), a type is given for a kind other than
   *     content-API, an admin key has no owner, an owner is blank, the lifespan is not positive or longer
   *     than {@link #MAX_LIFESPAN}, or an allowed address is not an address or CIDR range
   */
  public KeyRequest {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a key needs a name");
    }
    Principal.problemWith(name).ifPresent(problem -> {
      throw new IllegalArgumentException("a key's name " + problem);
    });
    roles.forEach(role -> Principal.problemWith(role).ifPresent(problem -> {
      throw new IllegalArgumentException("a role " + problem);
    }));
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lifespan, "lifespan");
    if (type.isPresent() && kind != KeyKind.CONTENT_API) {
      throw new IllegalArgumentException("only content-api keys have a type");
    }
    if (kind == KeyKind.CONTENT_API && type.isEmpty()) {
      type = Optional.of(ContentApiType.CUSTOM);
    }
    if (owner.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("an owner must not be blank");
    }
    if (kind == KeyKind.ADMIN && owner.isEmpty()) {
      throw new IllegalArgumentException("an admin key needs an owner");
    }
    if (lifespan.isPresent() && (lifespan.get().isNegative() || lifespan.get().isZero())) {
      throw new IllegalArgumentException("a lifespan must be positive");
    }
    if (lifespan.isPresent() && lifespan.get().compareTo(MAX_LIFESPAN) > 0) {
      throw new IllegalArgumentException("a lifespan is at most 100 years; leave it out for a key that never expires");
    }
    Set<String> granted = new LinkedHashSet<>(roles);
    type.flatMap(ContentApiType::impliedRole).ifPresent(granted::add);
    roles = Collections.unmodifiableSet(granted);
    allowedIps = List.copyOf(allowedIps);
    if (!allowedIps.isEmpty()) {
      IpAllowlist.of(allowedIps);
    }
  }

  /** The longest lifespan a key may be given (about 100 years); a key without one never expires. */
  public static final Duration MAX_LIFESPAN = Duration.ofDays(36_525);

  /**
   * A request for a generic key named {@code name}, with no roles, that never expires.
   *
   * @param name the principal name the key proves; never blank
   * @return a new builder
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** Builds a {@link KeyRequest}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String description;
    private KeyKind kind = KeyKind.GENERIC;
    private ContentApiType type;
    private Collection<String> roles = List.of();
    private String owner;
    private Duration lifespan;
    private List<String> allowedIps = List.of();
    private boolean viewable = true;
    private boolean allowDuplicateName;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * A note for people.
     *
     * @param description the note; null for none
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * The kind; {@link KeyKind#GENERIC} by default.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder kind(KeyKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * A content-API key of {@code type}.
     *
     * @param type the content-API access
     * @return this builder
     */
    public Builder contentApi(ContentApiType type) {
      this.kind = KeyKind.CONTENT_API;
      this.type = type;
      return this;
    }

    /**
     * An admin key owned by {@code owner}.
     *
     * @param owner the owning user's id
     * @return this builder
     */
    public Builder admin(String owner) {
      this.kind = KeyKind.ADMIN;
      this.owner = owner;
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
      this.roles = List.copyOf(roles);
      return this;
    }

    /**
     * The owning user.
     *
     * @param owner the owning user's id; null for none
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * One of Strapi's lifespans.
     *
     * @param lifespan the lifespan; {@link Lifespan#UNLIMITED} for never
     * @return this builder
     */
    public Builder lifespan(Lifespan lifespan) {
      this.lifespan = lifespan.duration().orElse(null);
      return this;
    }

    /**
     * Any lifespan.
     *
     * @param lifespan how long the key lives from its creation; positive, at most {@link
     *     KeyRequest#MAX_LIFESPAN}
     * @return this builder
     */
    public Builder expiresIn(Duration lifespan) {
      this.lifespan = Objects.requireNonNull(lifespan, "lifespan");
      return this;
    }

    /**
     * Addresses and CIDR ranges the key may be used from.
     *
     * @param allowedIps the addresses and ranges; empty for anywhere
     * @return this builder
     */
    public Builder allowedIps(List<String> allowedIps) {
      this.allowedIps = List.copyOf(allowedIps);
      return this;
    }

    /**
     * Whether to keep an encrypted, viewable copy (when the store has an encryption key); yes by default.
     *
     * @param viewable {@code false} to show the secret once only
     * @return this builder
     */
    public Builder viewable(boolean viewable) {
      this.viewable = viewable;
      return this;
    }

    /**
     * Lets the key share its name with a key already in the store; refused by default.
     *
     * @return this builder
     */
    public Builder allowDuplicateName() {
      this.allowDuplicateName = true;
      return this;
    }

    /**
     * The request.
     *
     * @return a new request
     * @throws IllegalArgumentException as {@link KeyRequest#KeyRequest} does
     */
    public KeyRequest build() {
      return new KeyRequest(
          name,
          Optional.ofNullable(description),
          kind,
          Optional.ofNullable(type),
          new LinkedHashSet<>(roles),
          Optional.ofNullable(owner),
          Optional.ofNullable(lifespan),
          allowedIps,
          viewable,
          allowDuplicateName);
    }
  }
}
