package dev.latchkey.policy.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} promises, as specifications: a test class for an implementation
 * extends this and says how to make one on a given clock. {@code LocalRateLimiterTest} and the Redis
 * limiter's tests run it. Time is a {@link MutableClock} the limiter must count on.
 */
public abstract class RateLimiterContract {
  /** The clock the limiter under test counts on; tests move it. */
  protected final MutableClock clock = MutableClock.standard();

  private final List<RateLimiter> made = new ArrayList<>();

  /** The limiter under test, made on {@link #clock} for each test. */
  protected final RateLimiter limiter = made(newLimiter(clock));

  private RateLimiter made(RateLimiter limiter) {
    made.add(limiter);
    return limiter;
  }

  /**
   * Closes every limiter a test made that holds resources.
   *
   * @throws Exception if closing one fails
   */
  @AfterEach
  void closeLimiters() throws Exception {
    for (RateLimiter l : made) {
      if (l instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /**
   * A new, empty limiter of the implementation under test, counting on {@code clock}. Called from this
   * class's constructor, so it must not read the subclass's instance fields.
   *
   * @param clock the clock the limiter counts on
   * @return the limiter
   */
  protected abstract RateLimiter newLimiter(Clock clock);

  /**
   * Permits per limit in the concurrency spec (each of 16 threads tries twice its share).
   *
   * @return the permits; 100,000 unless an implementation is too slow for that many
   */
  protected int concurrentPermits() {
    return 100_000;
  }

  /**
   * Keys in the spec where threads take from a key that is being dropped.
   *
   * @return the keys; 2,000 unless an implementation is too slow for that many
   */
  protected int concurrentKeys() {
    return 2000;
  }

  @Test
  void fixedWindowAllowsExactlyThePermitsThenTellsWhenItReopens() {
    RateLimit limit = RateLimit.perHourFixedWindow(3);
    assertThat(limiter.acquire("k", limit)).isEqualTo(new RateLimiter.Decision(true, 2, Duration.ZERO));
    limiter.acquire("k", limit);
    assertThat(limiter.acquire("k", limit)).isEqualTo(new RateLimiter.Decision(true, 0, Duration.ZERO));
    clock.advance(Duration.ofMinutes(20));
    RateLimiter.Decision refused = limiter.acquire("k", limit);
    assertThat(refused).isEqualTo(new RateLimiter.Decision(false, 0, Duration.ofMinutes(40)));
    assertThat(refused.retryAfterSeconds()).isEqualTo(2400);
  }

  @Test
  void fixedWindowRollsOverExactlyAtItsEnd() {
    RateLimit limit = RateLimit.fixedWindow(1, Duration.ofHours(1));
    limiter.acquire("k", limit);
    clock.advance(Duration.ofHours(1).minusNanos(1));
    assertThat(limiter.acquire("k", limit).allowed()).isFalse();
    clock.advance(Duration.ofNanos(1));
    assertThat(limiter.acquire("k", limit).allowed()).isTrue();
    assertThat(limiter.acquire("k", limit).allowed()).isFalse();
  }

  @Test
  void tokenBucketAllowsABurstThenRefillsSmoothly() {
    RateLimit limit = RateLimit.tokenBucket(60, Duration.ofMinutes(1), 5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire("k", limit).allowed()).isTrue();
    }
    RateLimiter.Decision refused = limiter.acquire("k", limit);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.acquire("k", limit).allowed()).isTrue();
    assertThat(limiter.acquire("k", limit).allowed()).isFalse();
  }

  @Test
  void tokenBucketNeverHoldsMoreThanItsBurst() {
    RateLimit limit = RateLimit.tokenBucket(60, Duration.ofMinutes(1), 2);
    clock.advance(Duration.ofDays(1));
    assertThat(limiter.acquire("k", limit).remaining()).isEqualTo(1);
    assertThat(limiter.acquire("k", limit).remaining()).isEqualTo(0);
    assertThat(limiter.acquire("k", limit).allowed()).isFalse();
  }

  @Test
  void checkDoesNotTakeAPermit() {
    RateLimit limit = RateLimit.fixedWindow(1, Duration.ofMinutes(1));
    assertThat(limiter.check("k", limit).allowed()).isTrue();
    assertThat(limiter.check("k", limit).allowed()).isTrue();
    assertThat(limiter.acquire("k", limit).allowed()).isTrue();
    assertThat(limiter.check("k", limit).allowed()).isFalse();
  }

  @Test
  void keysAreCountedSeparately() {
    RateLimit limit = RateLimit.fixedWindow(1, Duration.ofMinutes(1));
    assertThat(limiter.acquire("a", limit).allowed()).isTrue();
    assertThat(limiter.acquire("b", limit).allowed()).isTrue();
    assertThat(limiter.acquire("a", limit).allowed()).isFalse();
  }

  @Test
  void sixteenThreadsOnOneBucketNeverGetMoreThanAllowed() throws Exception {
    // Many more attempts than permits, so that racing threads would be caught over-granting.
    int permits = concurrentPermits();
    for (RateLimit limit : List.of(RateLimit.tokenBucket(permits, Duration.ofHours(1), permits), RateLimit.fixedWindow(permits, Duration.ofHours(1)))) {
      RateLimiter shared = made(newLimiter(clock));
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> granted = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          granted.add(pool.submit(() -> {
            start.await();
            int mine = 0;
            for (int i = 0; i < 2 * permits / 16; i++) {
              if (shared.acquire("one-bucket", limit).allowed()) {
                mine++;
              }
            }
            return mine;
          }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> g : granted) {
          total += g.get(1, TimeUnit.MINUTES);
        }
        assertThat(total).as("%s", limit.algorithm()).isEqualTo(permits);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aKeyDroppedWhileOthersTakeFromItNeverGrantsMoreThanItsLimit() throws Exception {
    // On each key (limit 1), four threads at once take a permit and give it back twice, then keep the
    // third. Giving back drops the key; a permit taken on the dropped state would go uncounted, and a
    // second thread would keep one too.
    int keys = concurrentKeys();
    int threads = 4;
    RateLimit one = RateLimit.fixedWindow(1, Duration.ofHours(1));
    RateLimiter shared = made(newLimiter(clock));
    AtomicIntegerArray keptPerKey = new AtomicIntegerArray(keys);
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int k = 0; k < keys; k++) {
            together.await(1, TimeUnit.MINUTES);
            for (int round = 0; round < 3; round++) {
              if (shared.acquire("key-" + k, one).allowed()) {
                if (round < 2) {
                  shared.release("key-" + k, one);
                } else {
                  keptPerKey.incrementAndGet(k);
                }
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> d : done) {
        d.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(IntStream.range(0, keys).map(keptPerKey::get).filter(kept -> kept > 1).count()).as("keys kept more than once").isZero();
  }

  @Test
  void releaseGivesBackOnePermit() {
    RateLimit window = RateLimit.fixedWindow(1, Duration.ofMinutes(1));
    limiter.acquire("w", window);
    limiter.release("w", window);
    assertThat(limiter.acquire("w", window).allowed()).isTrue();
    RateLimit bucket = RateLimit.tokenBucket(1, Duration.ofHours(1), 1);
    limiter.acquire("b", bucket);
    limiter.release("b", bucket);
    limiter.release("b", bucket);
    assertThat(limiter.acquire("b", bucket).allowed()).isTrue();
    assertThat(limiter.acquire("b", bucket).allowed()).isFalse();
  }

  @Test
  void retryAfterRoundsFractionalSecondsUp() {
    RateLimit limit = RateLimit.tokenBucket(3, Duration.ofSeconds(2), 1);
    limiter.acquire("k", limit);
    RateLimiter.Decision refused = limiter.acquire("k", limit);
    assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(666), Duration.ofMillis(667));
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
  }
}
