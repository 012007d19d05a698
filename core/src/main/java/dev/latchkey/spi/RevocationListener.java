package dev.latchkey.spi;

import dev.latchkey.revocation.Revocation;

/**
 * A {@link dev.latchkey.CredentialSource} (or a part of one) that remembers credentials it verified and
 * must forget them when they are revoked, such as a cache of verified tokens.
 * {@link dev.latchkey.Latchkey.Builder#build()} registers every source that implements this with the
 * authenticator's {@link dev.latchkey.revocation.Revocations}, and closing the authenticator cancels the
 * registration: one mechanism, whichever store is configured.
 *
 * <p>The authenticator refuses a revoked credential whatever a source answers; forgetting it keeps a
 * cache from holding what will never be accepted again.
 */
public interface RevocationListener {

  /**
   * Called once a revocation is in force on this instance (made here or heard from another instance),
   * on the thread that applied it: the caller of {@link dev.latchkey.revocation.Revocations#revoke}, or
   * a shared store's own thread; never while a request is being authenticated. Must return promptly, do
   * no I/O and not throw.
   *
   * @param revocation the revocation, as merged into the set
   */
  void revoked(Revocation revocation);
}
