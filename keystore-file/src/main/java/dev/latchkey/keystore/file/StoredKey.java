package dev.latchkey.keystore.file;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A key as a {@link FileKeyStore} lists it: everything about it except its secret, which the store never
 * holds. Immutable.
 *
 * @param id the key's stable, unique id (the principal's credential id)
 * @param name the principal name the key proves
 * @param description a note for people, if any
 * @param kind generic, content-API or admin
 * @param type the access of a content-API key
 * @param roles the roles the key grants
 * @param owner the owning user, if any
 * @param start the display hint of the secret, such as {@code lk_3fZ0}, if known
 * @param hashFormat the format of the stored hash, such as {@code sha256} or {@code bcrypt}
 * @param viewable whether an encrypted copy is kept that its owner may view
 * @param allowedIps addresses and CIDR ranges the key may be used from; empty for anywhere
 * @param createdAt when the key was made, if known
 * @param expiresAt when it stops working, if it does
 * @param lastUsedAt when it was last used (recorded at most once an hour), if ever
 * @param revokedAt when it was revoked, if it was
 * @param previousSecretValidUntil after a {@link FileKeyStore#regenerate regeneration} with a grace
 *     period: until when the replaced secret still works
 */
public record StoredKey(
    String id,
    String name,
    Optional<String> description,
    KeyKind kind,
    Optional<ContentApiType> type,
    Set<String> roles,
    Optional<String> owner,
    Optional<String> start,
    String hashFormat,
    boolean viewable,
    List<String> allowedIps,
    Optional<Instant> createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastUsedAt,
    Optional<Instant> revokedAt,
    Optional<Instant> previousSecretValidUntil) {

  /**
   * Rejects nulls and copies the collections.
   *
   * @param id the key's stable, unique id (the principal's credential id)
   * @param name the principal name the key proves
   * @param description a note for people, if any
   * @param kind generic, content-API or admin
   * @param type the access of a content-API key
   * @param roles the roles the key grants
   * @param owner the owning user, if any
   * @param start the display hint of the secret, such as {@code lk_3fZ0}, if known
   * @param hashFormat the format of the stored hash, such as {@code sha256} or {@code bcrypt}
   * @param viewable whether an encrypted copy is kept that its owner may view
   * @param allowedIps addresses and CIDR ranges the key may be used from; empty for anywhere
   * @param createdAt when the key was made, if known
   * @param expiresAt when it stops working, if it does
   * @param lastUsedAt when it was last used (recorded at most once an hour), if ever
   * @param revokedAt when it was revoked, if it was
   * @param previousSecretValidUntil after a {@link FileKeyStore#regenerate regeneration} with a grace period:
   *     until when the replaced secret still works
   */
  public StoredKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    // One shared set per distinct list of roles: a million keys with one role hold one set.
    roles = dev.latchkey.keystore.file.internal.Shared.roles(roles);
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(hashFormat, "hashFormat");
    allowedIps = List.copyOf(allowedIps);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(previousSecretValidUntil, "previousSecretValidUntil");
  }

  /**
   * Whether the key was revoked.
   *
   * @return {@code true} if the key has a revocation time
   */
  public boolean isRevoked() {
    return revokedAt.isPresent();
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
  /**
   * This key, last used at {@code at}.
   *
   * @param at when the key was last used
   * @return a copy with {@link #lastUsedAt} set; this key is unchanged
   */
  public StoredKey withLastUsedAt(Instant at) {
    return new StoredKey(id, name, description, kind, type, roles, owner, start, hashFormat, viewable, allowedIps, createdAt,
        expiresAt, Optional.of(at), revokedAt, previousSecretValidUntil);
  }

  /**
   * This key, revoked at {@code at}; a replaced secret's grace period ends with it.
   *
   * @param at when the key was revoked
   * @return a copy with {@link #revokedAt} set and no {@link #previousSecretValidUntil}
   */
  public StoredKey withRevokedAt(Instant at) {
    return new StoredKey(id, name, description, kind, type, roles, owner, start, hashFormat, viewable, allowedIps, createdAt,
        expiresAt, lastUsedAt, Optional.of(at), Optional.empty());
  }

  /**
   * This key with a new secret: its display hint, hash format and viewability, and until when the
   * replaced secret still works.
   *
   * @param newStart the new secret's display hint
   * @param newHashFormat the new hash's format
   * @param newViewable whether an encrypted copy of the new secret is kept
   * @param replacedUntil until when the replaced secret works; empty for not at all
   * @return a copy with the new secret's description; this key is unchanged
   */
  public StoredKey withSecret(Optional<String> newStart, String newHashFormat, boolean newViewable, Optional<Instant> replacedUntil) {
    return new StoredKey(id, name, description, kind, type, roles, owner, newStart, newHashFormat, newViewable, allowedIps,
        createdAt, expiresAt, lastUsedAt, revokedAt, replacedUntil);
  }

  /**
   * This key with its hash in another format (an imported slow hash replaced by a fast digest).
   *
   * @param newHashFormat the new hash's format
   * @return a copy with {@link #hashFormat} changed; this key is unchanged
   */
  public StoredKey withHashFormat(String newHashFormat) {
    return withSecret(start, newHashFormat, viewable, previousSecretValidUntil);
  }

  /**
   * This key once its replaced secret's grace period is over.
   *
   * @return a copy without {@link #previousSecretValidUntil}; this key is unchanged
   */
  public StoredKey withoutPreviousSecret() {
    return withSecret(start, hashFormat, viewable, Optional.empty());
  }
}
