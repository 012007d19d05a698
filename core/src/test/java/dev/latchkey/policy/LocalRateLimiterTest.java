package dev.latchkey.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.MutableClock;
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
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final MutableClock clock = MutableClock.standard();
  private final LocalRateLimiter limiter = LocalRateLimiter.create(clock);

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
    int permits = 100_000;
    for (RateLimit limit : List.of(RateLimit.tokenBucket(permits, Duration.ofHours(1), permits), RateLimit.fixedWindow(permits, Duration.ofHours(1)))) {
      LocalRateLimiter shared = LocalRateLimiter.create(clock);
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
  void keyCountStaysBounded() {
    LocalRateLimiter small = LocalRateLimiter.create(clock, 64);
    RateLimit limit = RateLimit.fixedWindow(5, Duration.ofMinutes(1));
    for (int i = 0; i < 1000; i++) {
      small.acquire("k" + i, limit);
    }
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void aFloodOfLessUsedKeysNeverResetsAKeyBeingLimited() {
    LocalRateLimiter small = LocalRateLimiter.create(clock, 64);
    RateLimit window = RateLimit.fixedWindow(1, Duration.ofHours(1));
    RateLimit bucket = RateLimit.tokenBucket(1, Duration.ofHours(1), 3);
    small.acquire("window-victim", window);
    for (int i = 0; i < 3; i++) {
      small.acquire("bucket-victim", bucket);
    }
    RateLimit flood = RateLimit.fixedWindow(5, Duration.ofHours(1));
    for (int i = 0; i < 5000; i++) {
      small.acquire("flood-" + i, flood);
    }
    assertThat(List.of(small.acquire("window-victim", window).allowed(), small.acquire("bucket-victim", bucket).allowed()))
        .containsExactly(false, false);
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void newKeysGetTheirOwnAllowanceEvenWhenEveryTrackedKeyIsAtItsLimit() {
    LocalRateLimiter small = LocalRateLimiter.create(clock, 64);
    RateLimit limit = RateLimit.fixedWindow(1, Duration.ofHours(1));
    for (int i = 0; i < 64; i++) {
      small.acquire("exhausted-" + i, limit);
    }
    List<Boolean> newcomers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      newcomers.add(small.acquire("new-" + i, limit).allowed());
    }
    assertThat(newcomers).containsOnly(true).hasSize(1000);
    assertThat(small.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void aKeyWhosePermitsAreAllGivenBackIsForgotten() {
    RateLimit limit = RateLimit.fixedWindow(3, Duration.ofHours(1));
    limiter.acquire("kept", limit);
    limiter.acquire("returned", limit);
    limiter.acquire("returned", limit);
    limiter.release("returned", limit);
    assertThat(limiter.size()).isEqualTo(2);
    limiter.release("returned", limit);
    assertThat(limiter.size()).isEqualTo(1);
    assertThat(limiter.check("kept", limit)).isEqualTo(new RateLimiter.Decision(true, 2, Duration.ZERO));
  }

  @Test
  void aKeyDroppedWhileOthersTakeFromItNeverGrantsMoreThanItsLimit() throws Exception {
    // On each key (limit 1), four threads at once take a permit and give it back twice, then keep the
    // third. Giving back drops the key; a permit taken on the dropped state would go uncounted, and a
    // second thread would keep one too.
    int keys = 2000;
    int threads = 4;
    RateLimit one = RateLimit.fixedWindow(1, Duration.ofHours(1));
    LocalRateLimiter shared = LocalRateLimiter.create(clock);
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
