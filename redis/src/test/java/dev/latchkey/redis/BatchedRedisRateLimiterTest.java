package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.policy.spec.RateLimiterContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The batched mode on one instance: it meets the whole {@link RateLimiterContract} (on one instance a
 * lease changes where permits wait, not how many there are), on the contract's clock; then what leasing
 * itself promises, on a real Redis.
 */
class BatchedRedisRateLimiterTest extends RateLimiterContract {
  private static final AtomicInteger LIMITERS = new AtomicInteger();

  private final TestRedis redis = TestRedis.shared();

  /** A prefix of its own for each limiter: each test starts from empty counts on the shared server. */
  private static String prefix(String name) {
    return name + LIMITERS.incrementAndGet();
  }

  private static RedisRateLimiter.Builder batched(String prefix) {
    // A generous timeout and DENY on failure, so a fallback could only make a spec fail, never pass by luck.
    return RedisRateLimiter.builder(TestRedis.shared().url())
        .keyPrefix(prefix)
        .mode(RedisRateLimiter.Mode.BATCHED)
        .timeout(Duration.ofSeconds(5))
        .onFailure(RedisRateLimiter.OnFailure.DENY);
  }

  @Override
  protected RateLimiter newLimiter(Clock clock) {
    return batched(prefix("batched-contract")).timeSource(RedisRateLimiter.TimeSource.CLOCK).clock(clock).build();
  }

  @Override
  protected int concurrentPermits() {
    return 2000;
  }

  @Override
  protected int concurrentKeys() {
    return 300;
  }

  /** Scripts Redis has run so far (a decision or a lease is one script). */
  private static long scriptsRun(TestRedis redis) {
    String stats = redis.inspect(r -> r.info("commandstats"));
    long calls = 0;
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        int start = line.indexOf("calls=") + "calls=".length();
        calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
      }
    }
    return calls;
  }

  @Test
  void mostDecisionsAreMadeFromTheLeaseWithoutARoundTrip() {
    RateLimit large = RateLimit.tokenBucket(1_000_000, Duration.ofHours(1), 1_000_000);
    try (RedisRateLimiter limiter = batched(prefix("round-trips")).batch(100).build()) {
      limiter.acquire("k", large);
      long before = scriptsRun(redis);
      int granted = 0;
      for (int i = 0; i < 10_000; i++) {
        if (limiter.acquire("k", large).allowed()) {
          granted++;
        }
      }
      long scripts = scriptsRun(redis) - before;
      assertThat(granted).isEqualTo(10_000);
      // About one lease per half batch (a lease that comes back late brings fewer), where exact runs 10,000.
      assertThat(scripts).as("scripts Redis ran for 10,000 decisions").isLessThanOrEqualTo(10_000 / 25);
      assertThat(limiter.fallbacks()).isZero();
    }
  }

  @Test
  void aLeaseHoldsAtMostTheBatchAndAtMostAnEighthOfTheBurst() {
    String prefix = prefix("lease-size");
    try (RedisRateLimiter limiter = batched(prefix).batch(20).build()) {
      limiter.acquire("large", RateLimit.fixedWindow(1000, Duration.ofHours(1)));
      limiter.acquire("small", RateLimit.fixedWindow(40, Duration.ofHours(1)));
      limiter.acquire("tiny", RateLimit.fixedWindow(3, Duration.ofHours(1)));
      // Let the refills sent ahead arrive: a check goes after them on the same connection.
      limiter.check("other", RateLimit.fixedWindow(1, Duration.ofHours(1)));
      List<String> counted = redis.inspect(r -> List.of(
          r.hget(prefix + ":rl:{large}", "n"), r.hget(prefix + ":rl:{small}", "n"), r.hget(prefix + ":rl:{tiny}", "n")));
      // One lease each on the first request (20; 40 / 8 = 5; 1), and for tiny, whose lease that emptied,
      // one more sent ahead.
      assertThat(counted).as("permits counted in Redis for large, small, tiny").containsExactly("20", "5", "2");
    }
  }

  @Test
  void closingGivesUnusedLeasedPermitsBackToRedis() {
    RateLimit limit = RateLimit.fixedWindow(80, Duration.ofHours(1));
    String prefix = prefix("closing");
    RedisRateLimiter limiter = batched(prefix).batch(10).build();
    String key = prefix + ":rl:{k}";
    limiter.acquire("k", limit);
    limiter.acquire("k", limit);
    limiter.check("other", limit);
    String leased = redis.inspect(r -> r.hget(key, "n"));
    limiter.close();
    String afterClose = redis.inspect(r -> r.hget(key, "n"));
    assertThat(List.of(leased, afterClose)).as("counted in Redis while leased, after closing").containsExactly("10", "2");
  }

  @Test
  void aPermitGivenBackStaysInTheLeaseAndIsTakenFromItAgain() {
    RateLimit limit = RateLimit.fixedWindow(80, Duration.ofHours(1));
    String prefix = prefix("released");
    try (RedisRateLimiter limiter = batched(prefix).batch(10).build()) {
      String key = prefix + ":rl:{k}";
      List<Boolean> taken = List.of(limiter.acquire("k", limit).allowed(), limiter.acquire("k", limit).allowed());
      limiter.release("k", limit);
      limiter.release("k", limit);
      limiter.check("other", limit);
      String counted = redis.inspect(r -> r.hget(key, "n"));
      assertThat(taken).containsExactly(true, true);
      assertThat(counted).as("the lease's ten, none of them given back to Redis yet").isEqualTo("10");
    }
  }

  /** Takes from {@code a} and {@code b} in turn until both refuse: how many they granted between them. */
  private static int grantedUntilBothRefuse(RateLimiter a, RateLimiter b, RateLimit limit) {
    int granted = 0;
    int refusedInARow = 0;
    for (int i = 0; refusedInARow < 2 && i < 1000; i++) {
      if ((i % 2 == 0 ? a : b).acquire("k", limit).allowed()) {
        granted++;
        refusedInARow = 0;
      } else {
        refusedInARow++;
      }
    }
    return granted;
  }

  @Test
  void twoInstancesShareAWindowThatRollsOverExactlyAtItsEnd() {
    String prefix = prefix("roll-over");
    RateLimit limit = RateLimit.fixedWindow(20, Duration.ofHours(1));
    try (RedisRateLimiter a = batched(prefix).timeSource(RedisRateLimiter.TimeSource.CLOCK).clock(clock).build();
        RedisRateLimiter b = batched(prefix).timeSource(RedisRateLimiter.TimeSource.CLOCK).clock(clock).build()) {
      int firstWindow = grantedUntilBothRefuse(a, b, limit);
      clock.advance(Duration.ofHours(1).minusNanos(1));
      RateLimiter.Decision justBefore = a.acquire("k", limit);
      boolean otherJustBefore = b.acquire("k", limit).allowed();
      clock.advance(Duration.ofNanos(1));
      int secondWindow = grantedUntilBothRefuse(a, b, limit);

      assertThat(List.of(firstWindow, secondWindow)).as("granted in each window").containsExactly(20, 20);
      assertThat(justBefore).isEqualTo(new RateLimiter.Decision(false, 0, Duration.ofNanos(1)));
      assertThat(otherJustBefore).isFalse();
    }
  }
}
