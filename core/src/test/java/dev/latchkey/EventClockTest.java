package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventClockTest {

  @Test
  void anInjectedClockIsReadForEveryEvent() {
    MutableClock clock = MutableClock.standard();
    EventClock times = new EventClock(clock);

    Instant first = times.at(System.nanoTime());
    clock.advance(Duration.ofMillis(7));
    Instant second = times.at(System.nanoTime());

    assertThat(second).isEqualTo(first.plusMillis(7)).isEqualTo(clock.instant());
  }

  @Test
  void withTheSystemClockAnEventTimeIsTheLastReadingAdvancedByTheMonotonicTimeSinceIt() {
    EventClock times = new EventClock(Clock.systemUTC());
    long start = System.nanoTime();
    Instant before = Instant.now();

    Instant anchored = times.at(start);
    Instant later = times.at(start + 250_000_000L);

    assertThat(anchored).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
    assertThat(Duration.between(anchored, later)).isBetween(Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void withTheSystemClockTheWallClockIsReadAgainOnceASecondHasPassed() {
    EventClock times = new EventClock(Clock.systemUTC());
    long start = System.nanoTime();
    times.at(start);

    Instant reread = times.at(start + 5_000_000_000L);

    // Not the first reading plus five seconds: a fresh reading of now.
    assertThat(reread).isBeforeOrEqualTo(Instant.now()).isAfter(Instant.now().minusSeconds(1));
  }
}
