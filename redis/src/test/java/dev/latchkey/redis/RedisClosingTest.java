package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.policy.RateLimit;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.testing.ManualBackground;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Closing a Redis-backed piece stops every thread it started: the Lettuce client's event loops and
 * timers too, which Lettuce itself leaves running when the client was handed its resources.
 */
class RedisClosingTest {
  private static final RateLimit LIMIT = RateLimit.fixedWindow(100, Duration.ofMinutes(1));

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet();
  }

  /** The threads started since {@code before} that are still alive after up to five seconds. */
  private static List<String> leftOver(Set<Thread> before) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> left;
    do {
      left = liveThreads().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("lettuce"))
          .map(Thread::getName)
          .sorted()
          .collect(Collectors.toList());
      if (left.isEmpty()) {
        return left;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < giveUp);
    return left;
  }

  @Test
  void aClosedRateLimiterLeavesNoRedisClientThreadRunning() throws Exception {
    Set<Thread> before = liveThreads();
    RedisRateLimiter limiter = RedisRateLimiter.builder(TestRedis.shared().url()).timeout(Duration.ofSeconds(2)).build();
    assertThat(limiter.reachable(Duration.ofSeconds(10))).isTrue();
    limiter.acquire("closing", LIMIT);

    limiter.close();

    assertThat(leftOver(before)).isEmpty();
  }

  @Test
  void closedRevocationsLeaveNoRedisClientThreadRunning() throws Exception {
    Set<Thread> before = liveThreads();
    Clock clock = Clock.systemUTC();
    RedisRevocations store = RedisRevocations.builder(TestRedis.shared().url()).clock(clock).build();
    store.start(ManualBackground.on(clock));
    store.revoke(Revocation.key("closing-" + System.nanoTime()));

    store.close();

    assertThat(leftOver(before)).isEmpty();
  }
}
