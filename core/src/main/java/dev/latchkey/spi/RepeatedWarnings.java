package dev.latchkey.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a warning that keeps recurring once, then at most once per interval (a minute by default) with
 * the number of times it recurred, until the state changes: a different warning is logged at once, and
 * {@link #clear()} (the condition is over) makes the next warning new again. So a broken file checked
 * every second logs one line a minute, not sixty.
 *
 * <p>Messages are logged as given: callers pass text that never holds a secret. Thread-safe.
 */
public final class RepeatedWarnings {
  /** How often a recurring warning is logged again, by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private final Logger logger;
  private final Clock clock;
  private final Duration interval;
  private String last;
  private Instant lastLogged = Instant.MIN;
  private long repeats;

  /**
   * Warnings to the logger of {@code owner}, repeated at most once a minute by {@code clock}.
   *
   * @param owner the class whose logger the warnings go to
   * @param clock the clock that paces repeats
   */
  public RepeatedWarnings(Class<?> owner, Clock clock) {
    this(LoggerFactory.getLogger(owner), clock, DEFAULT_INTERVAL);
  }

  /**
   * Warnings to the logger of {@code owner}, repeated at most once per {@code interval} by {@code clock}.
   *
   * @param owner the class whose logger the warnings go to
   * @param clock the clock that paces repeats
   * @param interval the least time between two lines for the same warning; positive
   */
  public RepeatedWarnings(Class<?> owner, Clock clock, Duration interval) {
    this(LoggerFactory.getLogger(owner), clock, interval);
  }

  RepeatedWarnings(Logger logger, Clock clock, Duration interval) {
    this.logger = Objects.requireNonNull(logger, "logger");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.interval = interval;
  }

  /**
   * Warns {@code message}: logged now if it differs from the last warning or an interval has passed
   * since it was last logged (then with the count of repeats in between), otherwise only counted.
   *
   * @param message the warning, already formatted; never a secret
   * @return whether a line was logged
   */
  public synchronized boolean warn(String message) {
    Objects.requireNonNull(message, "message");
    Instant now = clock.instant();
    if (!message.equals(last)) {
      last = message;
      repeats = 0;
      lastLogged = now;
      logger.warn(message);
      return true;
    }
    repeats++;
    if (Duration.between(lastLogged, now).compareTo(interval) >= 0) {
      logger.warn("{} (repeated {} times since {})", message, repeats, lastLogged);
      repeats = 0;
      lastLogged = now;
      return true;
    }
    return false;
  }

  /** The condition behind the last warning is over: the next warning is logged at once. */
  public synchronized void clear() {
    last = null;
    repeats = 0;
  }
}
