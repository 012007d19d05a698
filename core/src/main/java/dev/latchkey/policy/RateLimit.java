package dev.latchkey.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How many requests a caller may make.
 *
 * <ul>
 *   <li>{@link #tokenBucket} (the default kind): {@code permits} per {@code period}, refilled smoothly,
 *       with up to {@code burst} at once.
 *   <li>{@link #fixedWindow}: at most {@code permits} in a window that starts with the caller's first
 *       request and lasts {@code period}, as Omnidev counts {@code API_RATE_LIMIT} requests per hour.
 * </ul>
 *
 * @param algorithm how permits are counted
 * @param permits permits per period
 * @param period the period
 * @param burst the most permits available at once (a token bucket's capacity); equals permits for a fixed window
 */
public record RateLimit(Algorithm algorithm, long permits, Duration period, long burst) {

  /**
   * Validates.
   *
   * @param algorithm how permits are counted
   * @param permits permits per period, at least 1
   * @param period the period, positive and at most 366 days
   * @param burst the most permits available at once (a token bucket's capacity), at least 1; equals permits
   *     for a fixed window
   */
  public RateLimit {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(period, "period");
    if (permits < 1 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs at least one permit and a burst of at least one");
    }
    if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException("a rate limit period must be positive and at most a year");
    }
  }

  /**
   * {@code permits} per {@code period}, refilled smoothly, up to {@code burst} at once.
   *
   * @param permits permits per period, at least 1
   * @param period the period over which {@code permits} refill
   * @param burst the bucket's capacity, at least 1
   * @return the limit
   */
  public static RateLimit tokenBucket(long permits, Duration period, long burst) {
    return new RateLimit(Algorithm.TOKEN_BUCKET, permits, period, burst);
  }

  /**
   * {@code permits} per window of {@code period}, starting at the caller's first request.
   *
   * @param permits permits per window, at least 1
   * @param period the window's length
   * @return the limit
   */
  public static RateLimit fixedWindow(long permits, Duration period) {
    return new RateLimit(Algorithm.FIXED_WINDOW, permits, period, permits);
  }

  /**
   * Omnidev's {@code API_RATE_LIMIT}: requests per hour, in a fixed window.
   *
   * @param permits requests per hour, at least 1
   * @return the limit
   */
  public static RateLimit perHourFixedWindow(long permits) {
    return fixedWindow(permits, Duration.ofHours(1));
  }

  /** How permits are counted. */
  public enum Algorithm {
    /** Smooth refill with a burst capacity. */
    TOKEN_BUCKET,
    /** A count per window starting at the first request. */
    FIXED_WINDOW
  }
}
