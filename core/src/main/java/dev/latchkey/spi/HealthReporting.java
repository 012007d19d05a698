package dev.latchkey.spi;

import dev.latchkey.Health;

/**
 * A {@link dev.latchkey.CredentialSource} or a {@link dev.latchkey.policy.RateLimiter} that reports its
 * own {@link Health}; {@link dev.latchkey.Authenticator#health()} lists it by name. A part that does
 * not implement this is reported {@link Health#up()}, without details.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #health()} is cheap and never blocks: it does no file, network or database I/O and waits
 *       for no lock held across I/O. It reports the state that the part's background work recorded (the
 *       last reload, the last fetch, whether the last call to a server answered), never checks anew.
 *   <li>It is thread-safe, and may be called at any rate from any thread (a health endpoint, a
 *       metrics gauge).
 *   <li>It should not throw; an authenticator reports a part that throws as {@code DOWN}.
 *   <li>Its details never carry a secret: no key, hash, token or password, nor a URL with user
 *       information. A failure names the file and line ({@code file:line}) or the host, never a value.
 * </ul>
 */
public interface HealthReporting {

  /**
   * The part's health as its background work last found it.
   *
   * @return the health; never null
   */
  Health health();
}
