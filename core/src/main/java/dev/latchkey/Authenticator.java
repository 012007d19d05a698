package dev.latchkey;

/**
 * Authenticates requests: extracts the credential, asks the configured {@link CredentialSource}s in
 * order, and answers with an {@link AuthResult}. Built by {@link Latchkey#builder()}.
 *
 * <p>Implementations are thread-safe and never throw for any request: bad input, failing sources
 * and failing listeners all become a {@link AuthResult.Denied} with the right status, and
 * unexpected internal failures are denied with {@link Reason#INTERNAL_ERROR} (fail closed).
 *
 * <p>{@link #close()} stops every background task of its sources (file checks, key refreshes) and
 * releases what they hold; call it when the application stops. No Latchkey thread keeps a JVM alive.
 */
@FunctionalInterface
public interface Authenticator extends AutoCloseable {

  /**
   * Decides who {@code request} is.
   *
   * @param request the host's view of the request; never null
   * @return the decision; never null
   */
  AuthResult authenticate(AuthRequest request);

  /**
   * How well this authenticator serves now: one component per source, by its id, in chain order, then
   * {@code policies.rate_limits} and {@code policies.failed_attempts} when those are configured. The
   * status is the worst of the components'. A source or rate limiter that implements
   * {@link dev.latchkey.spi.HealthReporting} reports its own health (keys loaded, the last reload and
   * its failure, the last fetch of remote keys, whether Redis answers); any other is {@link Health#up()}.
   *
   * <p>Cheap and non-blocking: it never does I/O, only reads the state background work recorded, so a
   * health endpoint or a metrics gauge may call it at any rate. Never throws; a part whose report fails
   * is {@code DOWN}. Never carries a secret. Thread-safe. {@code UP} without components by default.
   *
   * @return the aggregate health; never null
   */
  default Health health() {
    return Health.up();
  }

  /**
   * Cancels every background task of this authenticator's sources, stops the background thread it
   * started (never an executor the host supplied), then closes every source that is
   * {@link AutoCloseable}, each once, and then the {@link dev.latchkey.policy.RateLimiter} of its rate
   * limits and failed-attempt throttle if it is {@link AutoCloseable} (a shared counter's connection),
   * logging rather than throwing a failure. Idempotent. A source or limiter shared with another
   * authenticator stops for both. Requests after closing are still answered, from the keys loaded last.
   * Does nothing by default.
   */
  @Override
  default void close() {}
}
