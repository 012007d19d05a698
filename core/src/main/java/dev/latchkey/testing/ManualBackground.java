package dev.latchkey.testing;

import dev.latchkey.spi.Background;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Background} that runs nothing by itself: a test starts a
 * {@link dev.latchkey.spi.BackgroundSource} on it, sees what the source {@link #scheduled() scheduled},
 * and {@link #runAll() runs} the tasks when it chooses, on its own thread. So background checks and
 * writes are tested without threads or sleeps.
 *
 * <p>Thread-safe.
 */
public final class ManualBackground implements Background {
  private final Clock clock;
  private final List<Scheduled> tasks = new ArrayList<>();

  private ManualBackground(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A background whose tasks run only when {@link #runAll()} is called.
   *
   * @param clock the clock sources read from {@link #clock()}
   * @return the background
   */
  public static ManualBackground on(Clock clock) {
    return new ManualBackground(clock);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Task every(String name, Duration interval, Runnable task) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the interval of '" + name + "' must be positive");
    }
    return add(new Scheduled(name, interval, true, task));
  }

  @Override
  public synchronized Task once(String name, Duration delay, Runnable task) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the delay of '" + name + "' must not be negative");
    }
    return add(new Scheduled(name, delay, false, task));
  }

  private Task add(Scheduled scheduled) {
    tasks.add(scheduled);
    return () -> {
      synchronized (this) {
        tasks.remove(scheduled);
      }
    };
  }

  /**
   * The tasks scheduled and not cancelled (nor run, for a one-off task), in the order scheduled, each
   * as {@code every <interval>: <name>} or {@code once after <delay>: <name>}.
   *
   * @return the descriptions
   */
  public synchronized List<String> scheduled() {
    return tasks.stream().map(Scheduled::toString).toList();
  }

  /**
   * Runs every task scheduled and not cancelled once, in the order scheduled, on the calling thread;
   * a one-off task is then done. A task that throws stops the run: the exception reaches the test.
   *
   * @return how many tasks ran
   */
  public int runAll() {
    List<Scheduled> due;
    synchronized (this) {
      due = List.copyOf(tasks);
      tasks.removeIf(t -> !t.periodic());
    }
    due.forEach(t -> t.task().run());
    return due.size();
  }

  private record Scheduled(String name, Duration delay, boolean periodic, Runnable task) {
    @Override
    public String toString() {
      return (periodic ? "every " : "once after ") + delay + ": " + name;
    }
  }

  @Override
  public synchronized String toString() {
    return "ManualBackground" + scheduled();
  }
}
