package dev.latchkey.keystore.file;

import java.util.Optional;

/**
 * Where a {@link FileKeyStore} learns whether the user owning a key still exists and may act: the host's
 * user table. Consulted on every request that presents an owned key, in Strapi's order: after the key
 * is found, its kind accepted and its expiry checked; a missing owner is {@code 401 Token owner not found},
 * an inactive or blocked one {@code 401 Token owner is deactivated}.
 *
 * <p>Implementations must be thread-safe and answer from memory (a cache the host keeps current): the
 * call is on the request path. One that throws makes the store answer "unavailable" (503) for that
 * request, never an accept.
 */
@FunctionalInterface
public interface OwnerDirectory {

  /**
   * The status of the user {@code ownerId}; empty if there is no such user.
   *
   * @param ownerId the owner's id, as stored with the key
   * @return the owner's status; empty if the user does not exist
   */
  Optional<OwnerStatus> statusOf(String ownerId);

  /** A user's standing. */
  enum OwnerStatus {
    /** The user may act. */
    ACTIVE,
    /** The user was deactivated. */
    INACTIVE,
    /** The user was blocked. */
    BLOCKED
  }
}
