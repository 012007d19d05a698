package dev.latchkey.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand, so expiry and rate windows are tested without sleeping.
 *
 * <p>Thread-safe: the current instant is held atomically, and every view made with
 * {@link #withZone(ZoneId)} shares it.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the instant to stand at; never null
   * @return a new clock
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * A clock standing at {@code 2026-01-01T00:00:00Z}, in UTC.
   *
   * @return a new clock
   */
  public static MutableClock standard() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward (or back, for a negative amount) by {@code amount}.
   *
   * @param amount how far to move
   * @return this clock
   */
  public MutableClock advance(Duration amount) {
    now.updateAndGet(t -> t.plus(amount));
    return this;
  }

  /**
   * Sets the clock to {@code instant}.
   *
   * @param instant the new time; never null
   * @return this clock
   */
  public MutableClock set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "]";
  }
}
