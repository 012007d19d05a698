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
  private final boolean system;
  private volatile Anchor anchor;

  EventClock(Clock clock) {
    this.clock = clock;
    this.system = clock.getClass() == SYSTEM_CLOCK;
  }

  /** A wall-clock reading and the monotonic time it was taken at. */
  private record Anchor(long nanoTime, Instant wall) {}

  /**
   * The time of an event that ended at {@code nanoTime}, a {@link System#nanoTime()} reading just taken.
   *
   * @param nanoTime when the decision ended, in the monotonic time of this JVM
   * @return the wall-clock time of that moment; never null
   */
  Instant at(long nanoTime) {
    if (!system) {
      return clock.instant();
    }
    Anchor last = anchor;
    if (last == null || nanoTime - last.nanoTime() >= RESYNC_NANOS) {
      Anchor fresh = new Anchor(System.nanoTime(), clock.instant());
      anchor = fresh;
      return fresh.wall();
    }
    // Negative (by a few nanoseconds) when another thread re-anchored after this reading: still right.
    return last.wall().plusNanos(nanoTime - last.nanoTime());
  }
}
