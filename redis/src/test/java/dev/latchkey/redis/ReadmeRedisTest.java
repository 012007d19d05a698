package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.RateLimitPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's Redis snippet, run for real (core's README test checks it is the README's text). */
class ReadmeRedisTest {
  private static final String KEY = "lk_readme_redis_key_0123456789abcdef";

  @Test
  void redisSnippetCountsTheReplicasLimitInRedis() {
    TestRedis redis = TestRedis.shared();
    Map<String, String> env = Map.of("REDIS_URL", redis.url());
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(KEY, "readme-user", "reader");
    // README-BEGIN
    RedisRateLimiter shared = RedisRateLimiter.builder(env.get("REDIS_URL"))   // dev.latchkey.redis
        .timeout(Duration.ofMillis(50))                       // the longest a request waits for Redis
        .onFailure(RedisRateLimiter.OnFailure.LOCAL)          // Redis down or slow: count in this process
        .build();
    Authenticator replica = Latchkey.builder()
        .source(keys)
        .rateLimits(RateLimitPolicy.perPrincipalPerHour(100).countedBy(shared))
        .failedAttemptThrottle(FailedAttemptThrottle.standard().countedBy(shared))
        .build();                                             // replica.close() closes the limiter too
    // README-END
    try (replica) {
      assertThat(shared.reachable(Duration.ofSeconds(10))).isTrue();
      AuthResult result = replica.authenticate(AuthRequest.builder().remoteAddress("192.0.2.5").header("X-API-Key", KEY).build());
      long stored = redis.inspect(r -> r.exists("latchkey:rl:{principal:readme-user}"));
      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(stored).isEqualTo(1);
    }
  }
}
