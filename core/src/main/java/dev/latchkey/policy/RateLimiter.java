package dev.latchkey.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Counts permits per key. {@link LocalRateLimiter} counts in this process; implement this interface
 * to count in a shared store (Redis, a database) for a cluster.
 *
 * <p>Implementations must be thread-safe, must never grant more permits than the limit allows under
 * concurrency, and must never throw for any key: a backend failure should allow or refuse as the
 * implementation documents (fail open or closed), not throw.
 */
public interface RateLimiter {

  /** Takes one permit for {@code key} if one is available. */
  Decision acquire(String key, RateLimit limit);

  /** Whether a permit is available for {@code key}, without taking it. */
  Decision check(String key, RateLimit limit);

  /**
   * Gives back one permit {@link #acquire} took for {@code key}, because what it was taken for turned
   * out not to count (an attempt that succeeded). Never exceeds the limit's capacity.
   */
  void release(String key, RateLimit limit);

  /**
   * The answer for one key.
   *
   * @param allowed whether the permit was (or would be) granted
   * @param remaining permits left after this one, at least 0
   * @param retryAfter how long until a permit is available; zero when allowed
   */
  record Decision(boolean allowed, long remaining, Duration retryAfter) {
    /** Validates. */
    public Decision {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1 when refused: for {@code Retry-After}. */
    public long retryAfterSeconds() {
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return allowed ? seconds : Math.max(1, seconds);
    }
  }
}
