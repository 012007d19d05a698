package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.policy.RateLimit;
import dev.latchkey.redis.RedisRateLimiter.Fallback;
import dev.latchkey.redis.RedisRateLimiter.OnFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.latchkey.redis.RedisRateLimiter.Mode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redis stopped in the middle of a run, then started again, in both modes: each {@code on_failure}
 * mode decides as documented, no call waits past the deadline, every fallback is counted and reported,
 * and counting goes back to Redis once it answers. (In the batched mode a key whose lease still holds
 * permits goes on using them during an outage; the keys here hold none when Redis stops.)
 */
class RedisOutageTest {
  private static final Duration DEADLINE = Duration.ofMillis(50);
  /** Scheduling slack on a busy two-core machine; a call that waited on Redis would take far longer. */
  private static final Duration MARGIN = Duration.ofMillis(250);
  private static final RateLimit FIVE_A_MINUTE = RateLimit.fixedWindow(5, Duration.ofMinutes(1));

  /** What a run of calls decided, and the longest one took. */
  private record Calls(List<Boolean> allowed, Duration longest) {}

  private static Calls acquire(RedisRateLimiter limiter, String key, int times) {
    List<Boolean> allowed = new ArrayList<>();
    long longest = 0;
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      allowed.add(limiter.acquire(key, FIVE_A_MINUTE).allowed());
      longest = Math.max(longest, System.nanoTime() - start);
    }
    return new Calls(allowed, Duration.ofNanos(longest));
  }

  private static List<Boolean> expectedDuringOutage(OnFailure mode) {
    List<Boolean> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      expected.add(mode == OnFailure.ALLOW || (mode == OnFailure.LOCAL && i < 5));
    }
    return expected;
  }

  static Stream<Arguments> modes() {
    return Stream.of(Mode.values()).flatMap(m -> Stream.of(OnFailure.values()).map(f -> Arguments.of(m, f)));
  }

  @ParameterizedTest(name = "{0}, on failure {1}")
  @MethodSource("modes")
  void aRedisOutageIsDecidedAsConfiguredWithinTheDeadlineAndCountingResumesWhenItReturns(Mode counting, OnFailure mode) throws Exception {
    try (TestRedis redis = TestRedis.startOwn("")) {
      List<Fallback> events = new CopyOnWriteArrayList<>();
      RedisRateLimiter limiter = RedisRateLimiter.builder(redis.url())
          .mode(counting)
          .timeout(DEADLINE)
          .onFailure(mode)
          .circuitBreaker(3, Duration.ofMillis(200))
          .onFallback(events::add)
          .build();
      try (limiter) {
        // Connected (building does not wait for it) and counting in Redis.
        assertThat(limiter.reachable(Duration.ofSeconds(10))).isTrue();
        Calls before = acquire(limiter, "before", 3);
        assertThat(before.allowed()).containsExactly(true, true, true);
        assertThat(limiter.fallbacks()).isZero();

        redis.stop();
        Calls during = acquire(limiter, "during", 12);
        assertThat(during.allowed()).as("decisions while Redis is down").isEqualTo(expectedDuringOutage(mode));
        assertThat(during.longest()).as("longest call while Redis is down").isLessThan(DEADLINE.plus(MARGIN));
        assertThat(limiter.fallbacks()).isEqualTo(12);
        assertThat(events).hasSize(12).allSatisfy(e -> {
          assertThat(e.onFailure()).isEqualTo(mode);
          assertThat(e.key()).isEqualTo("during");
        });

        redis.start();
        // Wait for the real event: a decision made by Redis again (the reconnect and the breaker's probe).
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
          long fallbacksBefore = limiter.fallbacks();
          limiter.check("probe", FIVE_A_MINUTE);
          if (limiter.fallbacks() == fallbacksBefore || System.nanoTime() > giveUp) {
            break;
          }
          Thread.sleep(20);
        }
        long fallbacksAfterOutage = limiter.fallbacks();
        Calls after = acquire(limiter, "after", 7);
        long stored = redis.inspect(r -> r.exists("latchkey:rl:{after}"));
        assertThat(after.allowed()).as("counted in Redis again").containsExactly(true, true, true, true, true, false, false);
        assertThat(limiter.fallbacks()).as("no fallback after Redis returned").isEqualTo(fallbacksAfterOutage);
        assertThat(stored).isEqualTo(1);
      }
    }
  }

  @Test
  void aLimiterWhoseRedisNeverAnswersStartsAtOnceAndFallsBackWithinTheDeadline() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    long start = System.nanoTime();
    RedisRateLimiter limiter = RedisRateLimiter.builder("redis://127.0.0.1:" + closedPort)
        .timeout(DEADLINE)
        .onFailure(OnFailure.LOCAL)
        .build();
    try (limiter) {
      Duration built = Duration.ofNanos(System.nanoTime() - start);
      Calls calls = acquire(limiter, "k", 7);
      assertThat(built).isLessThan(Duration.ofSeconds(2));
      assertThat(calls.allowed()).containsExactly(true, true, true, true, true, false, false);
      assertThat(calls.longest()).isLessThan(DEADLINE.plus(MARGIN));
      assertThat(limiter.fallbacks()).isEqualTo(7);
    }
  }
}
