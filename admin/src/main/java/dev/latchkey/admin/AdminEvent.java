package dev.latchkey.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change made through the key management API (or a secret viewed), for the host's audit trail:
 * who did what to which key. Never carries a secret, not even a fingerprint of one. Immutable.
 *
 * @param time when it was done, from the handler's clock
 * @param actor the name of the principal who did it
 * @param actorSource the id of the source that authenticated the actor
 * @param action what was done
 * @param keyId the key it was done to
 * @param keyOwner the key's owner, if it has one
 */
public record AdminEvent(Instant time, String actor, String actorSource, Action action, String keyId, Optional<String> keyOwner) {
  /**
   * Rejects nulls.
   *
   * @param time when it was done, from the handler's clock
   * @param actor the name of the principal who did it
   * @param actorSource the id of the source that authenticated the actor
   * @param action what was done
   * @param keyId the key it was done to
   * @param keyOwner the key's owner, if it has one
   */
  public AdminEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(actorSource, "actorSource");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keyOwner, "keyOwner");
  }

  /** What was done to a key. */
  public enum Action {
    /** A key was made (its secret was shown once). */
    CREATED,
    /** A key was revoked. */
    REVOKED,
    /** A key got a new secret (the old one may work for a grace period). */
    REGENERATED,
    /** A key was deleted. */
    DELETED,
    /** A key's owner viewed its secret again. */
    SECRET_VIEWED
  }
}
