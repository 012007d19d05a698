package dev.latchkey.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * Where a {@link BackgroundSource} runs its periodic and one-off work (file checks, key refreshes,
 * batched writes), never on a request thread. One {@code Background} is shared by every source of an
 * {@link dev.latchkey.Authenticator}; closing the authenticator cancels everything scheduled on it.
 *
 * <p>Tasks run one at a time on the background's thread (or on the host's executor, if it supplied
 * one), so a task should finish promptly: bound every I/O it does. A task that throws is logged (by
 * exception class only, as a message may quote a secret) and runs again at its next interval.
 *
 * <p>Thread-safe. Scheduling on a closed background does nothing and returns a cancelled task.
 */
public interface Background {

  /**
   * The clock of the authenticator: the time sources use for schedules, expiry and rate-limited
   * warnings.
   *
   * @return the clock; never null
   */
  Clock clock();

  /**
   * Runs {@code task} every {@code interval}, the first time one interval from now, each run starting
   * one interval after the previous one ended.
   *
   * @param name what the task does, for logs (such as {@code reload keys.yaml})
   * @param interval the delay between runs; positive
   * @param task the work
   * @return a handle that cancels the task
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  Task every(String name, Duration interval, Runnable task);

  /**
   * Runs {@code task} once, after {@code delay} ({@link Duration#ZERO} for as soon as possible).
   *
   * @param name what the task does, for logs
   * @param delay how long to wait first; zero or positive
   * @param task the work
   * @return a handle that cancels the task if it has not started
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  Task once(String name, Duration delay, Runnable task);

  /** A scheduled task. */
  interface Task {
    /** Cancels the task: it does not start again; a run in progress finishes. Idempotent. */
    void cancel();
  }
}
