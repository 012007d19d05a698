package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventClockTest {
  private final MutableClock clock = MutableClock.standard();

  @Test
  void anInjectedClockIsReadForEveryEvent() {
    EventClock times = new EventClock(clock);

    Instant first = times.at(System.nanoTime());
    clock.advance(Duration.ofMillis(7));
    Instant second = times.at(System.nanoTime());

    assertThat(second).isEqualTo(first.plusMillis(7)).isEqualTo(clock.instant());
  }

  @Test
  void theSystemClockIsReadOnceASecond() {
    EventClock times = new EventClock(Clock.systemUTC());
    long start = System.nanoTime();

    EventClock.Anchor first = times.anchorFor(start);
    EventClock.Anchor soon = times.anchorFor(start + 999_000_000L);
    EventClock.Anchor later = times.anchorFor(first.nanoTime() + 1_000_000_000L);

    assertThat(soon).isSameAs(first);
    assertThat(later).isNotSameAs(first);
  }

  @Test
  void betweenReadingsAnEventTimeIsTheLastReadingAdvancedByTheMonotonicTimeSinceIt() {
    EventClock times = new EventClock(clock, true);
    Instant read = clock.instant();
    EventClock.Anchor anchor = times.anchorFor(System.nanoTime());
    // The wall clock steps an hour; within the second, event times still follow the monotonic clock.
    clock.advance(Duration.ofHours(1));

    Instant event = times.at(anchor.nanoTime() + 250_000_000L);

    assertThat(anchor.wall()).isEqualTo(read);
    assertThat(event).isEqualTo(read.plusMillis(250));
  }

  @Test
  void aStepOfTheWallClockShowsOnceASecondHasPassed() {
    EventClock times = new EventClock(clock, true);
    EventClock.Anchor anchor = times.anchorFor(System.nanoTime());
    clock.advance(Duration.ofHours(1));

    EventClock.Anchor reread = times.anchorFor(anchor.nanoTime() + 2_000_000_000L);

    assertThat(reread.wall()).isEqualTo(anchor.wall().plus(Duration.ofHours(1)));
  }
}
