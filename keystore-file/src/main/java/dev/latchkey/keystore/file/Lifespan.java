package dev.latchkey.keystore.file;

import java.time.Duration;
import java.util.Optional;

/**
 * The lifespans Strapi offers for a new token: none, 7, 30 or 90 days. Any other {@link Duration} can be
 * given with {@link KeyRequest.Builder#expiresIn(Duration)}.
 */
public enum Lifespan {
  /** The key never expires. */
  UNLIMITED(null),
  /** Seven days. */
  DAYS_7(Duration.ofDays(7)),
  /** Thirty days. */
  DAYS_30(Duration.ofDays(30)),
  /** Ninety days. */
  DAYS_90(Duration.ofDays(90));

  private final Duration duration;

  Lifespan(Duration duration) {
    this.duration = duration;
  }

  /**
   * How long a key lives, if it expires.
   *
   * @return the duration; empty for a key that never expires
   */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }
}
