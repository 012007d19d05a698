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
 *
 * <p>Keys are independent, and the policies rely on it: a decision for one key must depend only on the
 * permits taken for that key, never on how many other keys there are or what was taken for them (a
 * client must never be refused because other clients were counted). An implementation that bounds
 * its memory does so by forgetting keys, never by merging them; it should forget the keys with the
 * least in use first (a forgotten key starts again with its whole allowance, so those give away the
 * least) and may forget a key at once when {@link #release} brings it back to nothing in use.
 */
public interface RateLimiter {

  /**
   * Takes one permit for {@code key} if one is available.
   *
   * @param key what is counted (an address, a principal), as the policy names it
   * @param limit the limit that applies to {@code key}
   * @return whether the permit was taken, what remains, and otherwise how long to wait
   */
  Decision acquire(String key, RateLimit limit);

  /**
   * Whether a permit is available for {@code key}, without taking it.
   *
   * @param key what is counted
   * @param limit the limit that applies to {@code key}
   * @return whether a permit would be granted, what remains, and otherwise how long to wait
   */
  Decision check(String key, RateLimit limit);

  /**
   * Gives back one permit {@link #acquire} took for {@code key}, because what it was taken for turned
   * out not to count (an attempt that succeeded). Never exceeds the limit's capacity; does nothing for
   * a key that is no longer tracked.
   *
   * @param key what is counted
   * @param limit the limit the permit was taken under
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
    /**
     * Validates.
     *
     * @param allowed whether the permit was (or would be) granted
     * @param remaining permits left after this one, at least 0
     * @param retryAfter how long until a permit is available; zero when allowed
     */
    public Decision {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * {@link #retryAfter()} in whole seconds, rounded up, at least 1 when refused: for {@code Retry-After}.
     *
     * @return the seconds to wait; at least 1 when refused
     */
    public long retryAfterSeconds() {
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return allowed ? seconds : Math.max(1, seconds);
    }
  }
}
