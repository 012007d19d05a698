package dev.latchkey.redis.internal;

import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter.Decision;
import dev.latchkey.redis.RedisRateLimiter.Cause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The batched mode's permits held by this instance: per key, a lease of permits already counted in
 * Redis, taken from without a round trip, and refilled in the background before it runs out.
 *
 * <ul>
 *   <li>A lease holds at most {@link #leaseSize} permits: the configured batch, and never more than an
 *       eighth of the limit's burst (at least one), so one instance never sits on a large share of a
 *       small limit.
 *   <li>Once a take leaves half the lease or less, one refill for the missing permits is sent in the
 *       background, unless Redis said none is left until a known time (then nothing is sent before it).
 *   <li>A request that finds the lease empty waits for the refill in flight (or sends one) until its
 *       deadline, measured from its own start; then it is the caller's to decide by its fallback. The
 *       refill itself is not abandoned at that deadline: one refill at a time is in flight per key, and
 *       what it brings when it comes is used, so a slow Redis never burns a window's permits on leases
 *       nobody receives.
 *   <li>A request refused because Redis had nothing left is refused here with the time Redis gave, so
 *       {@code Retry-After} stays right without asking again before then.
 *   <li>A fixed window's lease lapses when the window ends (reckoned from when the lease was sent, so
 *       never later than Redis's end); its unused permits belonged to that window and are dropped.
 *   <li>A permit given back goes into the lease while it is not full, otherwise to Redis.
 * </ul>
 *
 * <p>Thread-safe: each key's lease is guarded by its own lock, which no thread holds while it waits.
 */
public final class LeaseTable {
  /** Sends the Redis side of a lease. */
  public interface Lessor {
    /**
     * Whether a connection is there to send on now; never waits.
     *
     * @return true if {@link #lease} can be sent at once
     */
    boolean connected();

    /**
     * Waits for a connection until {@code start} plus the deadline.
     *
     * @param start when the request started, on {@link System#nanoTime()}
     * @return true if connected in time
     */
    boolean awaitConnection(long start);

    /**
     * Leases up to {@code count} permits; the future fails on an error or after the client's own
     * command timeout. It is not cut off at the request deadline: a lease Redis granted late still
     * fills the lease, rather than taking permits from the count that nobody is ever granted.
     *
     * @param key the key
     * @param limit its limit
     * @param count permits wanted
     * @param nowNanos the time sent, on the limiter's clock, in nanoseconds since the epoch
     * @return what Redis granted
     */
    CompletableFuture<Granted> lease(String key, RateLimit limit, long count, long nowNanos);

    /**
     * Gives {@code count} permits back to Redis without waiting.
     *
     * @param key the key
     * @param limit its limit
     * @param count permits given back
     * @return done when Redis has them (or failed)
     */
    CompletableFuture<?> giveBack(String key, RateLimit limit, long count);

    /** Called once when a refill succeeds after the circuit breaker was open. */
    void recovered();
  }

  /**
   * What a lease got from Redis.
   *
   * @param taken permits granted to this instance
   * @param remaining permits left in Redis after them
   * @param waitMicros microseconds until Redis has a permit again; 0 if it has one now
   * @param windowLeftMicros microseconds until the fixed window ends; 0 for a token bucket
   * @param windowEnd the window's end on Redis's clock in microseconds; 0 for a token bucket
   */
  public record Granted(long taken, long remaining, long waitMicros, long windowLeftMicros, long windowEnd) {}

  /**
   * A lease's answer for one request: decided here, or left to the fallback.
   *
   * @param decision the decision, if made from the lease
   * @param failure why Redis could not decide in time, otherwise
   */
  public record Outcome(Optional<Decision> decision, Optional<Cause> failure) {
    static Outcome decided(Decision decision) {
      return new Outcome(Optional.of(decision), Optional.empty());
    }

    static Outcome failed(Cause cause) {
      return new Outcome(Optional.empty(), Optional.of(cause));
    }
  }

  private final Clock clock;
  private final long batch;
  private final long timeoutNanos;
  private final int maxKeys;
  private final CircuitBreaker breaker;
  private final Lessor lessor;
  private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
  private final Object clearing = new Object();

  /**
   * An empty table.
   *
   * @param clock the limiter's clock
   * @param batch the most permits a lease holds; positive
   * @param timeout how long a request waits for Redis at most
   * @param maxKeys the most keys held; when a new key finds the table full, every lease is given back
   * @param breaker the limiter's circuit breaker, which refills report to and respect
   * @param lessor sends the Redis side
   */
  public LeaseTable(Clock clock, long batch, Duration timeout, int maxKeys, CircuitBreaker breaker, Lessor lessor) {
    this.clock = clock;
    this.batch = batch;
    this.timeoutNanos = timeout.toNanos();
    this.maxKeys = maxKeys;
    this.breaker = breaker;
    this.lessor = lessor;
  }

  /**
   * The most permits one lease of {@code limit} holds: the batch, at most an eighth of the burst, at least one.
   *
   * @param limit the limit
   * @return the lease size
   */
  public long leaseSize(RateLimit limit) {
    return Math.max(1, Math.min(batch, limit.burst() / 8));
  }

  /**
   * Takes a permit from {@code key}'s lease, refilling it first if it is empty (within the deadline).
   *
   * @param key the key
   * @param limit its limit
   * @param start when the request started, on {@link System#nanoTime()}
   * @return the decision, or why the fallback must decide
   */
  public Outcome acquire(String key, RateLimit limit, long start) {
    long size = leaseSize(limit);
    CompletableFuture<Cause> waited = null;
    while (true) {
      Lease lease = lease(key, limit);
      long now = now();
      boolean connect = false;
      CompletableFuture<Cause> refill;
      synchronized (lease) {
        if (lease.retired) {
          continue;
        }
        lease.expireIfDue(now);
        if (lease.held > 0) {
          lease.held--;
          long remaining = lease.held + lease.redisRemaining;
          refillAhead(key, lease, size, now);
          return Outcome.decided(new Decision(true, remaining, Duration.ZERO));
        }
        if (lease.exhaustedUntil > now) {
          return Outcome.decided(new Decision(false, 0, Duration.ofNanos(lease.exhaustedUntil - now)));
        }
        if (waited != null && waited.isDone() && waited.join() != null) {
          return Outcome.failed(waited.join());
        }
        refill = lease.refill;
        if (refill == null) {
          if (!lessor.connected()) {
            connect = true;
          } else if (!breaker.allowsCall()) {
            return Outcome.failed(Cause.CIRCUIT_OPEN);
          } else {
            refill = startRefill(key, lease, size, now);
          }
        }
      }
      if (connect) {
        if (!lessor.awaitConnection(start)) {
          return Outcome.failed(Cause.UNREACHABLE);
        }
        continue;
      }
      long left = timeoutNanos - (System.nanoTime() - start);
      if (left <= 0) {
        return Outcome.failed(Cause.TIMEOUT);
      }
      try {
        refill.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return Outcome.failed(Cause.TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.failed(Cause.ERROR);
      } catch (ExecutionException e) {
        return Outcome.failed(Cause.ERROR);
      }
      waited = refill;
    }
  }

  /**
   * Whether {@code key}'s lease can answer a check without Redis: with a permit in it, or with Redis
   * known to have none until a later time.
   *
   * @param key the key
   * @param limit its limit
   * @return the decision, or empty if Redis must be asked
   */
  public Optional<Decision> check(String key, RateLimit limit) {
    Lease lease = leases.get(key);
    if (lease == null) {
      return Optional.empty();
    }
    long now = now();
    synchronized (lease) {
      if (lease.retired) {
        return Optional.empty();
      }
      lease.expireIfDue(now);
      if (lease.held > 0) {
        return Optional.of(new Decision(true, lease.held + lease.redisRemaining, Duration.ZERO));
      }
      if (lease.exhaustedUntil > now) {
        return Optional.of(new Decision(false, 0, Duration.ofNanos(lease.exhaustedUntil - now)));
      }
      return Optional.empty();
    }
  }

  /**
   * Puts a permit given back into {@code key}'s lease if it has room and its window is still open.
   *
   * @param key the key
   * @param limit its limit
   * @return true if the lease took it; false if it must go back to Redis
   */
  public boolean release(String key, RateLimit limit) {
    Lease lease = leases.get(key);
    if (lease == null) {
      return false;
    }
    long now = now();
    synchronized (lease) {
      lease.expireIfDue(now);
      if (lease.retired || !lease.granted || lease.lapsed || lease.held >= leaseSize(limit)) {
        return false;
      }
      lease.held++;
      return true;
    }
  }

  /**
   * Gives every unused permit of a current lease back to Redis and forgets every lease.
   *
   * @return done when Redis has them all (or failed)
   */
  public CompletableFuture<Void> giveBackAll() {
    synchronized (clearing) {
      long now = now();
      CompletableFuture<?>[] sent = leases.entrySet().stream().map(entry -> {
        Lease lease = entry.getValue();
        synchronized (lease) {
          lease.expireIfDue(now);
          lease.retired = true;
          long held = lease.held;
          lease.held = 0;
          return held > 0 && !lease.lapsed ? lessor.giveBack(entry.getKey(), lease.limit, held) : CompletableFuture.completedFuture(null);
        }
      }).toArray(CompletableFuture<?>[]::new);
      leases.clear();
      return CompletableFuture.allOf(sent);
    }
  }

  /**
   * Keys holding a lease now.
   *
   * @return the count
   */
  public int size() {
    return leases.size();
  }

  private Lease lease(String key, RateLimit limit) {
    Lease lease = leases.get(key);
    if (lease != null) {
      return lease;
    }
    if (leases.size() >= maxKeys) {
      giveBackAll();
    }
    return leases.computeIfAbsent(key, k -> new Lease(limit));
  }

  private void refillAhead(String key, Lease lease, long size, long now) {
    if (lease.refill == null && lease.held <= size / 2 && lease.exhaustedUntil <= now && lessor.connected() && breaker.allowsCall()) {
      startRefill(key, lease, size, now);
    }
  }

  /** Sends a refill for the lease's missing permits; called holding the lease's lock. Its cause if it failed. */
  private CompletableFuture<Cause> startRefill(String key, Lease lease, long size, long now) {
    long want = Math.max(1, size - lease.held);
    CompletableFuture<Cause> answered;
    try {
      answered = lessor.lease(key, lease.limit, want, now).handle((granted, failure) -> {
        synchronized (lease) {
          lease.refill = null;
          if (failure != null) {
            breaker.failed();
            return cause(failure);
          }
          if (breaker.succeeded()) {
            lessor.recovered();
          }
          lease.apply(granted, now);
          if (lease.retired && lease.held > 0) {
            // Forgotten while the refill was in flight: its permits go back rather than go unused.
            lessor.giveBack(key, lease.limit, lease.held);
            lease.held = 0;
          }
          return null;
        }
      });
    } catch (RuntimeException e) {
      breaker.failed();
      answered = CompletableFuture.completedFuture(Cause.ERROR);
    }
    if (!answered.isDone()) {
      lease.refill = answered;
    }
    return answered;
  }

  private static Cause cause(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t instanceof TimeoutException || t instanceof io.lettuce.core.RedisCommandTimeoutException ? Cause.TIMEOUT : Cause.ERROR;
  }

  private long now() {
    Instant instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** One key's lease; every field guarded by the object itself. */
  private static final class Lease {
    final RateLimit limit;
    final boolean window;
    long held;
    long redisRemaining;
    long exhaustedUntil;
    long expiresAt = Long.MAX_VALUE;
    long windowEnd;
    /** Whether Redis has granted this lease anything yet (before that, no permit given back is its own). */
    boolean granted;
    /** A fixed window's lease whose window has ended: nothing it holds belongs to the window now open. */
    boolean lapsed;
    boolean retired;
    CompletableFuture<Cause> refill;

    Lease(RateLimit limit) {
      this.limit = limit;
      this.window = limit.algorithm() == RateLimit.Algorithm.FIXED_WINDOW;
      this.redisRemaining = limit.burst();
    }

    void expireIfDue(long now) {
      if (window && now >= expiresAt) {
        held = 0;
        redisRemaining = limit.permits();
        expiresAt = Long.MAX_VALUE;
        lapsed = true;
      }
    }

    void apply(Granted granted, long sentAt) {
      if (window) {
        if (granted.windowEnd() != windowEnd) {
          // A new window: what was held belonged to the one before.
          held = 0;
          windowEnd = granted.windowEnd();
        }
        expiresAt = sentAt + granted.windowLeftMicros() * 1000;
        lapsed = false;
      }
      this.granted = true;
      held += granted.taken();
      redisRemaining = granted.remaining();
      exhaustedUntil = granted.waitMicros() > 0 ? sentAt + granted.waitMicros() * 1000 : 0;
    }
  }

  @Override
  public String toString() {
    return "LeaseTable[" + leases.size() + " keys, batch " + batch + "]";
  }
}
