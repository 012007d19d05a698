package dev.latchkey.keystore.file.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread running a store's periodic chores (checking its file for edits, writing pending
 * changes). A task that throws is logged by class and runs again next time. Thread-safe.
 */
public final class BackgroundTasks {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

  private BackgroundTasks() {}

  /**
   * Starts a thread named {@code name} running each task at its interval (tasks with a zero interval
   * are left out); empty if no task has a positive interval.
   */
  public static Optional<ScheduledExecutorService> start(String name, Map<Runnable, Duration> tasks) {
    if (tasks.values().stream().allMatch(Duration::isZero)) {
      return Optional.empty();
    }
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    tasks.forEach((task, interval) -> {
      if (!interval.isZero()) {
        long ms = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(() -> runContained(name, task), ms, ms, TimeUnit.MILLISECONDS);
      }
    });
    return Optional.of(executor);
  }

  private static void runContained(String name, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      // Never let one failure, even an OutOfMemoryError on a huge file, end the schedule for good.
      LOG.warn("a background task of {} failed ({}); it runs again at its next interval", name, e.getClass().getName());
    }
  }
}
