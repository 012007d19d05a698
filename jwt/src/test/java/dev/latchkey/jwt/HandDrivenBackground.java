package dev.latchkey.jwt;

import dev.latchkey.spi.Background;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Background} whose periodic tasks run only when a spec says so ({@link #runPeriodicTasks}), on
 * the spec's thread, so a reload can be placed exactly where the spec needs it. One-off tasks run at
 * once.
 */
final class HandDrivenBackground implements Background {
  private final Clock clock;
  private final List<Runnable> periodic = new CopyOnWriteArrayList<>();

  HandDrivenBackground(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Task every(String name, Duration interval, Runnable task) {
    periodic.add(task);
    return () -> periodic.remove(task);
  }

  @Override
  public Task once(String name, Duration delay, Runnable task) {
    task.run();
    return () -> {};
  }

  /** Runs every periodic task once, now. */
  void runPeriodicTasks() {
    periodic.forEach(Runnable::run);
  }
}
