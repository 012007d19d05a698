package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A warning that keeps recurring is logged once, then at most once a minute with a count. */
class RepeatedWarningsTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String LOGGER = RepeatedWarningsTest.class.getName();

  private final MutableClock clock = MutableClock.at(START);
  private final RepeatedWarnings warnings = new RepeatedWarnings(RepeatedWarningsTest.class, clock);

  @BeforeEach
  void forgetEarlierLines() {
    CapturingLogProvider.clear();
  }

  private static List<String> logged() {
    return CapturingLogProvider.lines().stream().filter(line -> line.startsWith("WARN " + LOGGER + " ")).toList();
  }

  @Test
  void aNewWarningIsLoggedAtOnce() {
    assertThat(warnings.warn("keys.json is a directory")).isTrue();

    assertThat(logged()).containsExactly("WARN " + LOGGER + " keys.json is a directory");
  }

  @Test
  void aRepeatedWarningIsLoggedOnceThenOnceAMinuteWithTheCountOfRepeats() {
    warnings.warn("keys.json is a directory");
    for (int i = 0; i < 29; i++) {
      clock.advance(Duration.ofSeconds(2));
      assertThat(warnings.warn("keys.json is a directory")).isFalse();
    }
    assertThat(logged()).hasSize(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(warnings.warn("keys.json is a directory")).isTrue();

    assertThat(logged()).hasSize(2).last().asString()
        .startsWith("WARN " + LOGGER + " keys.json is a directory (repeated 30 times since " + START + ")");
  }

  @Test
  void aDifferentWarningIsLoggedAtOnce() {
    warnings.warn("keys.json is a directory");

    assertThat(warnings.warn("keys.json does not exist")).isTrue();

    assertThat(logged()).extracting(line -> line.substring(line.indexOf(' ', 5) + 1))
        .containsExactly("keys.json is a directory", "keys.json does not exist");
  }

  @Test
  void onceClearedTheSameWarningIsNewAgain() {
    warnings.warn("keys.json is a directory");
    warnings.clear();

    assertThat(warnings.warn("keys.json is a directory")).isTrue();

    assertThat(logged()).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("repeated"));
  }

  @Test
  void theIntervalMayBeChosen() {
    RepeatedWarnings hourly = new RepeatedWarnings(RepeatedWarningsTest.class, clock, Duration.ofHours(1));
    hourly.warn("slow");
    clock.advance(Duration.ofMinutes(59));
    assertThat(hourly.warn("slow")).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(hourly.warn("slow")).isTrue();
  }

  @Test
  void anIntervalMustBePositive() {
    assertThatThrownBy(() -> new RepeatedWarnings(RepeatedWarningsTest.class, clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
