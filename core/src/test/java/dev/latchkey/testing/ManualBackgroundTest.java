package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.Background;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualBackgroundTest {
  private final MutableClock clock = MutableClock.standard();
  private final ManualBackground background = ManualBackground.on(clock);
  private final List<String> ran = new ArrayList<>();

  @Test
  void tasksRunOnlyWhenTheTestRunsThemAndAOneOffTaskOnlyOnce() {
    background.every("check", Duration.ofSeconds(2), () -> ran.add("check"));
    background.once("flush", Duration.ZERO, () -> ran.add("flush"));
    assertThat(ran).isEmpty();
    assertThat(background.scheduled()).containsExactly("every PT2S: check", "once after PT0S: flush");

    assertThat(background.runAll()).isEqualTo(2);
    assertThat(background.runAll()).isEqualTo(1);

    assertThat(ran).containsExactly("check", "flush", "check");
    assertThat(background.clock()).isSameAs(clock);
  }

  @Test
  void aCancelledTaskNoLongerRuns() {
    Background.Task task = background.every("check", Duration.ofSeconds(2), () -> ran.add("check"));

    task.cancel();

    assertThat(background.runAll()).isZero();
    assertThat(background.scheduled()).isEmpty();
  }

  @Test
  void intervalsMustBePositive() {
    assertThatThrownBy(() -> background.every("check", Duration.ZERO, () -> {})).isInstanceOf(IllegalArgumentException.class);
  }
}
