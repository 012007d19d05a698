package dev.latchkey.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Background} an {@link dev.latchkey.Authenticator} owns: either one daemon thread of its
 * own, started only when the first task is scheduled, or an executor the host supplied. Closing it
 * cancels every task scheduled through it; it shuts down only a thread it started itself, never the
 * host's executor.
 *
 * <p>Every task runs contained: a task that throws is logged by exception class (a failure repeating
 * identically is logged once, then at most once a minute with a count) and a periodic task runs again
 * at its next interval. Thread-safe.
 */
public final class BackgroundScheduler implements Background, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundScheduler.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Task CANCELLED = () -> {};

  private final Clock clock;
  private final boolean owned;
  private ScheduledExecutorService executor;
  private Thread ownThread;
  private final Map<ScheduledFuture<?>, Boolean> scheduled = new ConcurrentHashMap<>();
  private final Map<String, RepeatedWarnings> failures = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private BackgroundScheduler(Clock clock, ScheduledExecutorService executor) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owned = executor == null;
    this.executor = executor;
  }

  /**
   * A background with a daemon thread of its own ({@code latchkey-background-N}), started when the
   * first task is scheduled, so an authenticator without background work starts no thread.
   *
   * @param clock the clock sources use for schedules and warnings
   * @return the background; close it to stop the thread
   */
  public static BackgroundScheduler start(Clock clock) {
    return new BackgroundScheduler(clock, null);
  }

  /**
   * A background that schedules on the host's {@code executor}. Closing the background cancels the
   * tasks it scheduled and leaves the executor running: the host shuts it down.
   *
   * @param executor the host's scheduler
   * @param clock the clock sources use for schedules and warnings
   * @return the background
   */
  public static BackgroundScheduler on(ScheduledExecutorService executor, Clock clock) {
    return new BackgroundScheduler(clock, Objects.requireNonNull(executor, "executor"));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Task every(String name, Duration interval, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the interval of '" + name + "' must be positive");
    }
    long nanos = interval.toNanos();
    return schedule(name, e -> e.scheduleWithFixedDelay(() -> runContained(name, task), nanos, nanos, TimeUnit.NANOSECONDS));
  }

  @Override
  public Task once(String name, Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the delay of '" + name + "' must not be negative");
    }
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    Object ready = new Object();
    return schedule(name, e -> {
      synchronized (ready) {
        self[0] = e.schedule(() -> {
          try {
            runContained(name, task);
          } finally {
            synchronized (ready) {
              if (self[0] != null) {
                scheduled.remove(self[0]);
              }
            }
          }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        return self[0];
      }
    });
  }

  private interface Scheduling {
    ScheduledFuture<?> on(ScheduledExecutorService executor);
  }

  private Task schedule(String name, Scheduling scheduling) {
    Objects.requireNonNull(name, "name");
    synchronized (this) {
      if (closed) {
        LOG.debug("not scheduling '{}': the background is closed", name);
        return CANCELLED;
      }
      ScheduledFuture<?> future;
      try {
        future = scheduling.on(executor());
      } catch (RejectedExecutionException e) {
        LOG.warn("the host's executor refused background task '{}'; it will not run", name);
        return CANCELLED;
      }
      if (!future.isDone()) {
        scheduled.put(future, Boolean.TRUE);
      }
      return () -> {
        future.cancel(false);
        scheduled.remove(future);
      };
    }
  }

  /** Called holding this. */
  private ScheduledExecutorService executor() {
    if (executor == null) {
      ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "latchkey-background-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        ownThread = t;
        return t;
      });
      own.setRemoveOnCancelPolicy(true);
      own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      executor = Executors.unconfigurableScheduledExecutorService(own);
    }
    return executor;
  }

  private void runContained(String name, Runnable task) {
    if (closed) {
      return;
    }
    try {
      task.run();
      RepeatedWarnings warnings = failures.get(name);
      if (warnings != null) {
        warnings.clear();
      }
    } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
      // A message may quote what the task read (a secret, a key file's line): the class name only.
      failures.computeIfAbsent(name, n -> new RepeatedWarnings(LOG, clock, RepeatedWarnings.DEFAULT_INTERVAL))
          .warn("background task '" + name + "' failed (" + e.getClass().getName() + "); it runs again at its next interval");
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once {@link #close()} has been called
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Cancels every task scheduled through this background; a thread it started itself is stopped
   * (interrupted, and waited for up to two seconds unless called from that thread). Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService toStop;
    Thread thread;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      scheduled.keySet().forEach(f -> f.cancel(false));
      scheduled.clear();
      toStop = owned ? executor : null;
      thread = ownThread;
    }
    if (toStop != null) {
      toStop.shutdownNow();
      if (thread != Thread.currentThread()) {
        try {
          if (!toStop.awaitTermination(2, TimeUnit.SECONDS)) {
            LOG.warn("a background task did not stop within 2 s of closing; its daemon thread is left to end");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "BackgroundScheduler[" + (owned ? "own thread" : "host executor") + ", " + scheduled.size() + " tasks"
        + (closed ? ", closed" : "") + "]";
  }
}
