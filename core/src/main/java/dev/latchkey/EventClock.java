package dev.latchkey;

import java.time.Clock;
import java.time.Instant;

/**
 * The times of {@link AuthEvent}s: the authenticator's clock, read for every event, except when it is
 * the system clock. Then the wall clock is read at most once a second, and in between an event's time
 * is that reading advanced by the monotonic nanoseconds since it, taken from the reading that ended
 * the decision's duration: one wall-clock call less per event. The time so given is within the system
 * clock's adjustments over one second (NTP slews at most 0.5 ms per second) of a fresh reading, and a
 * step of the wall clock shows within a second.
 *
 * <p>Thread-safe: the anchor is one immutable pair, replaced whole.
 */
final class EventClock {
  private static final long RESYNC_NANOS = 1_000_000_000L;
  private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

  private final Clock clock;
  /** Whether the clock is read once a second (the system clock) rather than for every event. */
  private final boolean system;
  private volatile Anchor anchor;

  EventClock(Clock clock) {
    this(clock, clock.getClass() == SYSTEM_CLOCK);
  }

  /** An event clock that reads {@code clock} once a second if {@code anchored}, else every time. */
  EventClock(Clock clock, boolean anchored) {
    this.clock = clock;
    this.system = anchored;
  }

  /**
   * A wall-clock reading and the monotonic time it was taken at: the time of a moment
   * {@code nanoTime} in monotonic time is {@code wall} plus {@code nanoTime - this.nanoTime}, which is
   * negative by a few nanoseconds when another thread re-anchored after that moment was read.
   *
   * @param nanoTime the {@link System#nanoTime()} reading the wall clock was read at
   * @param wall the wall clock's reading
   */
  record Anchor(long nanoTime, Instant wall) {}

  /**
   * The anchor to time a moment by, {@code nanoTime} a {@link System#nanoTime()} reading just taken:
   * for an injected clock, a fresh reading taken at that moment.
   *
   * @param nanoTime when the decision ended, in the monotonic time of this JVM
   * @return the anchor; never null
   */
  Anchor anchorFor(long nanoTime) {
    if (!system) {
      return new Anchor(nanoTime, clock.instant());
    }
    Anchor last = anchor;
    if (last == null || nanoTime - last.nanoTime() >= RESYNC_NANOS) {
      last = new Anchor(System.nanoTime(), clock.instant());
      anchor = last;
    }
    return last;
  }

  /**
   * The time of the moment {@code nanoTime}, a {@link System#nanoTime()} reading just taken.
   *
   * @param nanoTime when the decision ended, in the monotonic time of this JVM
   * @return the wall-clock time of that moment; never null
   */
  Instant at(long nanoTime) {
    Anchor a = anchorFor(nanoTime);
    return a.wall().plusNanos(nanoTime - a.nanoTime());
  }
}
