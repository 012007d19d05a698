package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.Health;
import dev.latchkey.Health.Status;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.redis.RedisRateLimiter.OnFailure;
import dev.latchkey.testing.SecretLeakCheck;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The health of the Redis rate limiter through a real Redis that the test stops and starts: {@code UP}
 * while Redis counts, {@code DEGRADED} with the open circuit and the fallback while it is down,
 * {@code UP} again once it answers; the URL's password never shows.
 */
class RedisHealthTest {
  private static final String PASSWORD = "redis-health-pw-4e1f";
  private static final RateLimit LIMIT = RateLimit.fixedWindow(100, Duration.ofMinutes(1));

  private static Map<String, Object> connected(TestRedis redis) {
    return Map.of("endpoint", "127.0.0.1:" + redis.port(), "connected", true, "circuit", "closed", "on_failure", "deny", "fallbacks", 0L);
  }

  @Test
  void redisKilledIsDegradedWithTheOpenCircuitAndItsFallbackAndUpOnceItAnswersAgain() throws Exception {
    try (TestRedis redis = TestRedis.startOwn(PASSWORD)) {
      RedisRateLimiter limiter = RedisRateLimiter.builder(redis.url())
          .timeout(Duration.ofSeconds(2))
          .onFailure(OnFailure.DENY)
          .circuitBreaker(3, Duration.ofMillis(200))
          .build();
      try (Authenticator auth = Latchkey.builder()
          .source(InMemoryCredentialSource.create())
          .rateLimits(RateLimitPolicy.perPrincipal(LIMIT).countedBy(limiter))
          .build()) {
        assertThat(limiter.reachable(Duration.ofSeconds(10))).isTrue();
        limiter.acquire("before", LIMIT);
        Health up = auth.health().components().get("policies.rate_limits");

        redis.stop();
        for (int i = 0; i < 3; i++) {
          limiter.acquire("during", LIMIT);
        }
        Health down = auth.health();

        redis.start();
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (limiter.health().status() != Status.UP && System.nanoTime() < giveUp) {
          limiter.check("probe", LIMIT);
          Thread.sleep(20);
        }

        assertThat(up).isEqualTo(Health.of(Status.UP, connected(redis)));
        assertThat(down.status()).isEqualTo(Status.DEGRADED);
        // Whether the client has noticed the dropped connection yet is its own affair; the open circuit is what counts.
        assertThat(down.components().get("policies.rate_limits").status()).isEqualTo(Status.DEGRADED);
        assertThat(down.components().get("policies.rate_limits").details())
            .containsEntry("circuit", "open").containsEntry("on_failure", "deny").containsEntry("fallbacks", 3L)
            .containsKeys("endpoint", "connected");
        assertThat(limiter.health().status()).isEqualTo(Status.UP);
        assertThat(limiter.health().details()).containsEntry("circuit", "closed").containsEntry("connected", true);
        SecretLeakCheck.of(PASSWORD).health(up).health(down).health(limiter.health()).assertNoLeak();
      }
      assertThat(limiter.health().status()).isEqualTo(Status.DOWN);
    }
  }
}
