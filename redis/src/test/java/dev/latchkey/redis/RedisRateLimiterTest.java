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
 * The {@link RateLimiterContract} on a real Redis, counted on the contract's clock (sent with each call);
 * then what only the Redis limiter does, on Redis's own clock with windows of a second.
 */
class RedisRateLimiterTest extends RateLimiterContract {
  private static final AtomicInteger LIMITERS = new AtomicInteger();

  private final TestRedis redis = TestRedis.shared();

  @Override
  protected RateLimiter newLimiter(Clock clock) {
    // A prefix per limiter: each test starts from empty counts on the shared server. A generous timeout
    // and DENY on failure, so a fallback could only make a spec fail, never pass by luck.
    return RedisRateLimiter.builder(TestRedis.shared().url())
        .keyPrefix("contract" + LIMITERS.incrementAndGet())
        .timeSource(RedisRateLimiter.TimeSource.CLOCK)
        .clock(clock)
        .timeout(Duration.ofSeconds(5))
        .onFailure(RedisRateLimiter.OnFailure.DENY)
        .build();
  }

  @Override
  protected int concurrentPermits() {
    return 2000;
  }

  @Override
  protected int concurrentKeys() {
    return 300;
  }

  @Test
  void keysAreHashTaggedAndExpireOnceBackToTheirWholeAllowance() {
    RedisRateLimiter own = RedisRateLimiter.builder(redis.url()).keyPrefix("tagged").build();
    try (own) {
      own.acquire("principal:alice", RateLimit.fixedWindow(5, Duration.ofMinutes(10)));
      long ttlMillis = redis.inspect(r -> r.pttl("tagged:rl:{principal:alice}"));
      assertThat(ttlMillis).isBetween(Duration.ofMinutes(10).toMillis(), Duration.ofMinutes(10).plusSeconds(1).toMillis());
      own.acquire("principal:bob", RateLimit.tokenBucket(10, Duration.ofSeconds(10), 10));
      // One token missing refills in a second; the key lives a second more.
      long bobTtl = redis.inspect(r -> r.pttl("tagged:rl:{principal:bob}"));
      assertThat(bobTtl).isBetween(1000L, 2000L);
    }
  }

  @Test
  void aKeyWhosePermitsAreAllGivenBackIsDeletedFromRedis() {
    RedisRateLimiter own = RedisRateLimiter.builder(redis.url()).keyPrefix("given-back").build();
    try (own) {
      RateLimit limit = RateLimit.fixedWindow(3, Duration.ofHours(1));
      own.acquire("kept", limit);
      own.acquire("returned", limit);
      own.acquire("returned", limit);
      own.release("returned", limit);
      own.release("returned", limit);
      // A release is sent without waiting; a decision on the same connection comes after it.
      own.check("kept", limit);
      long stored = redis.inspect(r -> r.exists("given-back:rl:{kept}", "given-back:rl:{returned}"));
      assertThat(stored).as("keys stored").isEqualTo(1L);
      assertThat(own.check("returned", limit)).isEqualTo(new RateLimiter.Decision(true, 3, Duration.ZERO));
    }
  }

  @Test
  void onRedisClockAFixedWindowRollsOverWhenItsSecondIsUp() throws InterruptedException {
    RedisRateLimiter own = RedisRateLimiter.builder(redis.url()).keyPrefix("server-clock").build();
    try (own) {
      RateLimit limit = RateLimit.fixedWindow(2, Duration.ofSeconds(1));
      List<Boolean> first = List.of(own.acquire("k", limit).allowed(), own.acquire("k", limit).allowed());
      RateLimiter.Decision refused = own.acquire("k", limit);
      assertThat(first).containsExactly(true, true);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
      // The window's own second, told by Redis: a short real wait, bounded by the window.
      Thread.sleep(refused.retryAfter().toMillis() + 1);
      assertThat(own.acquire("k", limit)).isEqualTo(new RateLimiter.Decision(true, 1, Duration.ZERO));
      assertThat(own.fallbacks()).isZero();
    }
  }
}
