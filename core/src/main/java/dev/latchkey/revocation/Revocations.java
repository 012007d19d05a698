package dev.latchkey.revocation;

import dev.latchkey.Principal;
import dev.latchkey.spi.RevocationListener;

/**
 * The revoked credentials an {@link dev.latchkey.Authenticator} refuses
 * ({@link dev.latchkey.Latchkey.Builder#revocations}): step 6 of the request path, after a source
 * accepted the credential and before the per-key allowlist.
 *
 * <p>{@link #check} runs on every authenticated request: it reads an in-process set in constant time
 * and never does I/O, blocks or throws for any principal. {@link #revoke} may do I/O (a shared store
 * writes it through) and is for an administrator's path, never a request's. Once {@link #revoke}
 * returns, this instance refuses the credential, and every {@link RevocationListener} has heard of it
 * (a source's cache of verified tokens has dropped it).
 *
 * <p>Implementations are thread-safe. An implementation that holds resources is {@link AutoCloseable};
 * the authenticator it is configured into closes it when it is closed.
 */
public interface Revocations {

  /**
   * Revokes, until {@link Revocation#until()}. Revoking again widens the entry and never narrows it.
   *
   * @param revocation what to revoke
   * @throws IllegalArgumentException if the revocation's {@code until} is not in the future
   * @throws RevocationException if a shared store could not record it (then no instance is told of it,
   *     this one included)
   */
  void revoke(Revocation revocation);

  /**
   * Whether {@code principal}, accepted from a credential of {@code kind}, is revoked now. A token is
   * checked against revoked {@code jti}s and subjects, a key against revoked key ids.
   *
   * @param principal the principal a source accepted
   * @param kind whether the credential was a token or an API key
   * @return the answer; {@link Status#UNKNOWN} only from a shared store configured to refuse when it
   *     cannot vouch for its set
   */
  Status check(Principal principal, Kind kind);

  /**
   * Tells {@code listener} of every revocation this store applies from now on (those made here and
   * those heard from other instances), on the thread that applies it.
   *
   * @param listener the listener; it must return promptly and not throw (what it throws is logged by
   *     class and ignored)
   * @return the registration, to cancel it
   */
  Registration listen(RevocationListener listener);

  /**
   * How many revocations are in force (entries past their {@code until} not yet purged included).
   *
   * @return the count
   */
  int size();

  /** What a credential was, for which revocations concern it. */
  enum Kind {
    /** A token (a JWT): its {@code jti} and its subject are checked. */
    TOKEN,
    /** An API key: its id is checked. */
    KEY
  }

  /** The answer of {@link #check}. */
  enum Status {
    /** Not revoked: the request goes on. */
    NOT_REVOKED,
    /** Revoked: the request is denied with {@link dev.latchkey.Reason#REVOKED}. */
    REVOKED,
    /**
     * The store cannot vouch for its set (a shared store out of touch for longer than it tolerates, and
     * configured to refuse then): the request is denied with
     * {@link dev.latchkey.Reason#SOURCE_UNAVAILABLE}.
     */
    UNKNOWN
  }

  /** A listener's registration. */
  interface Registration {
    /** Stops telling the listener. Idempotent. */
    void cancel();
  }
}
