package dev.latchkey.benchmarks;

import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latchkey's own {@link LocalRateLimiter} against Bucket4j's local lock-free bucket, doing the same
 * job: find the caller's bucket among 1,024 keys and take one token, returning what remains and how
 * long to wait. {@code oneKey} variants put every call on one bucket (worst contention; run with
 * {@code -t 2}). Both use the system clock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimiterBenchmark {
  private static final long HUGE = 1_000_000_000_000L;
  private static final int KEYS = 1024;

  private final RateLimit limit = RateLimit.tokenBucket(HUGE, Duration.ofHours(1), HUGE);
  private LocalRateLimiter latchkey;
  private ConcurrentHashMap<String, Bucket> bucket4j;
  private String[] keys;

  @Setup
  public void setUp() {
    latchkey = LocalRateLimiter.create(Clock.systemUTC());
    bucket4j = new ConcurrentHashMap<>();
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "principal:user-" + i;
    }
  }

  /** Which key a thread uses next. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    String key(String[] keys) {
      next = (next + 1) & (KEYS - 1);
      return keys[next];
    }
  }

  private Bucket newBucket() {
    return Bucket.builder().addLimit(Bandwidth.builder().capacity(HUGE).refillGreedy(HUGE, Duration.ofHours(1)).build()).build();
  }

  /** Latchkey, many keys. */
  @Benchmark
  public RateLimiter.Decision latchkeyManyKeys(Cursor cursor) {
    return latchkey.acquire(cursor.key(keys), limit);
  }

  /** Bucket4j, many keys. */
  @Benchmark
  public ConsumptionProbe bucket4jManyKeys(Cursor cursor) {
    return bucket4j.computeIfAbsent(cursor.key(keys), k -> newBucket()).tryConsumeAndReturnRemaining(1);
  }

  /** Latchkey, one key for every call. */
  @Benchmark
  public RateLimiter.Decision latchkeyOneKey() {
    return latchkey.acquire(keys[0], limit);
  }

  /** Bucket4j, one key for every call. */
  @Benchmark
  public ConsumptionProbe bucket4jOneKey() {
    return bucket4j.computeIfAbsent(keys[0], k -> newBucket()).tryConsumeAndReturnRemaining(1);
  }
}
