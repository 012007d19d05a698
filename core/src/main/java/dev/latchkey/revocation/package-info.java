/**
 * Revoking credentials before they expire: a JWT by its {@code jti} until its {@code exp}, every token
 * of a subject issued before an instant ("log out everywhere"), an API key by its id.
 *
 * <p>{@link dev.latchkey.revocation.Revocations} is the store an {@link dev.latchkey.Authenticator}
 * consults after a source accepted a credential ({@link dev.latchkey.Latchkey.Builder#revocations}); a
 * revoked credential is denied with {@link dev.latchkey.Reason#REVOKED} (401). The check reads an
 * in-process set only, in constant time, so it never does I/O on a request thread.
 * {@link dev.latchkey.revocation.InMemoryRevocations} serves one instance; {@code latchkey-redis} shares
 * the set between instances. A revocation also reaches every source that remembers verified
 * credentials ({@link dev.latchkey.spi.RevocationListener}), so no cache outlives it.
 *
 * <p>This package is both what a host calls (to revoke) and the contract a shared store implements,
 * as {@link dev.latchkey.policy.RateLimiter} is for rate limits; the hook a source implements to hear
 * of revocations sits with the other source-author pieces in {@code dev.latchkey.spi}.
 */
package dev.latchkey.revocation;
