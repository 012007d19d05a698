package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several authenticators (replicas of one service) sharing one Redis: a limit is the cluster's, not
 * each replica's, and a guesser's failures count wherever they land.
 */
class ClusterCountingTest {
  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private static final String KEY = "lk_cluster_test_key_0123456789abcdef";
  private static final int BATCH = 10;
  private static final int REPLICAS = 3;

  private final TestRedis redis = TestRedis.shared();
  private final String prefix = "cluster" + CLUSTERS.incrementAndGet();
  private final List<Authenticator> replicas = new ArrayList<>();
  private final List<RedisRateLimiter> limiters = new ArrayList<>();

  /** A limiter as each replica would have; a generous timeout so that only Redis decides here. */
  private RedisRateLimiter limiter() {
    return limiter(RedisRateLimiter.Mode.EXACT);
  }

  private RedisRateLimiter limiter(RedisRateLimiter.Mode mode) {
    RedisRateLimiter limiter = RedisRateLimiter.builder(redis.url())
        .keyPrefix(prefix)
        .mode(mode)
        .batch(BATCH)
        .timeout(Duration.ofSeconds(5))
        .onFailure(RedisRateLimiter.OnFailure.DENY)
        .build();
    limiters.add(limiter);
    return limiter;
  }

  private Authenticator replica(Latchkey.Builder builder) {
    Authenticator auth = builder.source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build();
    replicas.add(auth);
    return auth;
  }

  private static AuthRequest from(String address, String key) {
    return AuthRequest.builder().remoteAddress(address).header("X-API-Key", key).build();
  }

  private static String outcome(AuthResult result) {
    return result instanceof AuthResult.Denied d ? d.status() + " " + d.reason() : "authenticated";
  }

  @AfterEach
  void closeReplicas() {
    replicas.forEach(Authenticator::close);
  }

  /** Sixteen threads per replica, eight requests each, all at once: how many were granted. */
  private int grantedToSixteenThreadsPerReplica() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16 * replicas.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> granted = new ArrayList<>();
      for (Authenticator replica : replicas) {
        for (int t = 0; t < 16; t++) {
          granted.add(pool.submit(() -> {
            start.await();
            int mine = 0;
            for (int i = 0; i < 8; i++) {
              if (replica.authenticate(from("192.0.2.10", KEY)) instanceof AuthResult.Authenticated) {
                mine++;
              }
            }
            return mine;
          }));
        }
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> g : granted) {
        total += g.get(2, TimeUnit.MINUTES);
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void threeReplicasWithSixteenThreadsEachGrantExactlyTheLimitBetweenThem() throws Exception {
    for (int i = 0; i < REPLICAS; i++) {
      replica(Latchkey.builder().rateLimits(RateLimitPolicy.perPrincipal(RateLimit.perHourFixedWindow(100)).countedBy(limiter())));
    }
    int total = grantedToSixteenThreadsPerReplica();
    long fallbacks = limiters.stream().mapToLong(RedisRateLimiter::fallbacks).sum();
    assertThat(List.of(total, (int) fallbacks)).as("granted of 384 requests, fallbacks").containsExactly(100, 0);
  }

  @Test
  void batchedNeverGrantsMoreThanAnHourlyWindowsLimitAndStrandsAtMostABatchPerReplica() throws Exception {
    for (int i = 0; i < REPLICAS; i++) {
      replica(Latchkey.builder().rateLimits(RateLimitPolicy.perPrincipal(RateLimit.perHourFixedWindow(100))
          .countedBy(limiter(RedisRateLimiter.Mode.BATCHED))));
    }
    int total = grantedToSixteenThreadsPerReplica();
    long fallbacks = limiters.stream().mapToLong(RedisRateLimiter::fallbacks).sum();
    // Leases are taken from the window's count, so the window never grants more than its limit; permits
    // a replica still held when its threads stopped were never granted.
    assertThat(total).as("granted of 384 requests").isBetween(100 - BATCH * REPLICAS, 100);
    assertThat(fallbacks).isZero();
  }

  @Test
  void batchedTokenBucketGrantsAtMostTheLimitPlusABatchPerReplica() throws Exception {
    for (int i = 0; i < REPLICAS; i++) {
      replica(Latchkey.builder().rateLimits(RateLimitPolicy.perPrincipal(RateLimit.tokenBucket(100, Duration.ofHours(1), 100))
          .countedBy(limiter(RedisRateLimiter.Mode.BATCHED))));
    }
    int total = grantedToSixteenThreadsPerReplica();
    long fallbacks = limiters.stream().mapToLong(RedisRateLimiter::fallbacks).sum();
    assertThat(total).as("granted of 384 requests").isBetween(100 - BATCH * REPLICAS, 100 + BATCH * REPLICAS);
    assertThat(fallbacks).isZero();
  }

  @Test
  void aGuesserIsCutOffAcrossReplicasAndNoOtherAddressIsRefusedForIt() {
    FailedAttemptThrottle fivePerAddress = FailedAttemptThrottle.perClientAddress(RateLimit.fixedWindow(5, Duration.ofMinutes(10)));
    Authenticator first = replica(Latchkey.builder().failedAttemptThrottle(fivePerAddress.countedBy(limiter())));
    Authenticator second = replica(Latchkey.builder().failedAttemptThrottle(fivePerAddress.countedBy(limiter())));
    String guesser = "198.51.100.66";
    String honest = "203.0.113.7";
    List<String> guesses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      guesses.add(outcome((i % 2 == 0 ? first : second).authenticate(from(guesser, "lk_guess_" + i))));
    }
    Map<String, String> after = new LinkedHashMap<>();
    // Successes give their permits back: an honest client can authenticate any number of times.
    for (int i = 0; i < 10; i++) {
      after.put("honest client, attempt " + i, outcome((i % 2 == 0 ? first : second).authenticate(from(honest, KEY))));
    }
    after.put("guesser with the valid key, first replica", outcome(first.authenticate(from(guesser, KEY))));
    after.put("guesser with the valid key, second replica", outcome(second.authenticate(from(guesser, KEY))));

    assertThat(guesses).containsExactly(
        "401 INVALID_CREDENTIAL", "401 INVALID_CREDENTIAL", "401 INVALID_CREDENTIAL",
        "401 INVALID_CREDENTIAL", "401 INVALID_CREDENTIAL", "429 TOO_MANY_FAILED_ATTEMPTS");
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      expected.put("honest client, attempt " + i, "authenticated");
    }
    expected.put("guesser with the valid key, first replica", "429 TOO_MANY_FAILED_ATTEMPTS");
    expected.put("guesser with the valid key, second replica", "429 TOO_MANY_FAILED_ATTEMPTS");
    assertThat(after).containsExactlyEntriesOf(expected);
  }

  @Test
  void closingAReplicaClosesItsRedisLimiter() {
    RedisRateLimiter limiter = limiter();
    Authenticator auth = replica(Latchkey.builder().rateLimits(RateLimitPolicy.perPrincipal(RateLimit.perHourFixedWindow(100)).countedBy(limiter)));
    assertThat(outcome(auth.authenticate(from("192.0.2.10", KEY)))).isEqualTo("authenticated");
    auth.close();
    // A closed limiter decides by its fallback (DENY here) and never throws.
    assertThat(limiter.check("principal:alice", RateLimit.perHourFixedWindow(100)).allowed()).isFalse();
    assertThat(limiter.fallbacks(RedisRateLimiter.Cause.CLOSED)).isEqualTo(1);
  }
}
