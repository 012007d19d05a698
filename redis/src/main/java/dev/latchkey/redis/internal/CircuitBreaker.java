package dev.latchkey.redis.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a server that keeps failing: after {@code failuresToOpen} failures in a row the breaker
 * opens and {@link #allowsCall()} says no for {@code openFor}; then one call at a time is let through
 * as a probe, and the first success closes the breaker again (a failed probe opens it for another
 * {@code openFor}). Time comes from the clock given. Thread-safe; a closed breaker costs one volatile
 * read per call.
 */
public final class CircuitBreaker {
  private final Clock clock;
  private final int failuresToOpen;
  private final Duration openFor;
  private volatile boolean closed = true;
  private volatile int failures;
  private Instant openUntil = Instant.MIN;
  private boolean probing;

  /**
   * A closed breaker.
   *
   * @param clock the clock {@code openFor} is measured on
   * @param failuresToOpen failures in a row that open it; positive
   * @param openFor how long it stays open before a probe; positive
   */
  public CircuitBreaker(Clock clock, int failuresToOpen, Duration openFor) {
    if (failuresToOpen < 1 || openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("a circuit breaker needs a positive failure count and open time");
    }
    this.clock = clock;
    this.failuresToOpen = failuresToOpen;
    this.openFor = openFor;
  }

  /**
   * Whether a call may go to the server now: always while closed; while open, only once the open time
   * has passed, and then to one caller at a time (the probe).
   *
   * @return whether to call the server
   */
  public boolean allowsCall() {
    if (closed) {
      return true;
    }
    synchronized (this) {
      if (closed) {
        return true;
      }
      if (probing || clock.instant().isBefore(openUntil)) {
        return false;
      }
      probing = true;
      return true;
    }
  }

  /**
   * A call succeeded: the breaker closes.
   *
   * @return whether it was open until now (the server is back)
   */
  public boolean succeeded() {
    if (closed && failures == 0) {
      return false;
    }
    synchronized (this) {
      boolean wasOpen = !closed;
      failures = 0;
      probing = false;
      closed = true;
      return wasOpen;
    }
  }

  /** A call failed or timed out: counted, and the breaker opens at the threshold or after a failed probe. */
  public synchronized void failed() {
    failures++;
    if (!closed || failures >= failuresToOpen) {
      closed = false;
      probing = false;
      openUntil = clock.instant().plus(openFor);
    }
  }

  /**
   * Whether the breaker is open (calls go to the fallback).
   *
   * @return true while open or probing
   */
  public boolean isOpen() {
    return !closed;
  }
}
