package dev.latchkey.benchmarks;

import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.redis.RedisRateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting in Redis adds to a decision, on loopback (sample mode, for p50 and p99): {@code exact}
 * is {@link RedisRateLimiter}'s one-script round trip; {@code bucket4j} is Bucket4j's Lettuce backend
 * (compare-and-swap: read the bucket, then a scripted swap) doing the same job on one key. Compare with
 * {@code RateLimiterBenchmark.latchkeyOneKey} for the local limiter. Starts its own redis-server unless
 * {@code REDIS_URL} names one. Targets: {@code exact} p50 at most 150 µs, p99 at most 1 ms;
 * {@code batched} (batch 1,000) p50 at most twice {@code RateLimiterBenchmark.latchkeyOneKey}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisRateLimiterBenchmark {
  private static final long HUGE = 1_000_000_000_000L;
  private static final String KEY = "principal:bench";
  private static final int BATCH = 1000;

  private final RateLimit limit = RateLimit.tokenBucket(HUGE, Duration.ofHours(1), HUGE);
  private BenchmarkRedis redis;
  private RedisRateLimiter exact;
  private RedisRateLimiter batched;
  private RedisClient bucket4jClient;
  private StatefulRedisConnection<String, byte[]> bucket4jConnection;
  private BucketProxy bucket4jBucket;

  @Setup
  public void setUp() {
    redis = BenchmarkRedis.start();
    // A generous timeout: the benchmark measures Redis, not the fallback.
    exact = RedisRateLimiter.builder(redis.url()).keyPrefix("bench").timeout(Duration.ofSeconds(5)).build();
    batched = RedisRateLimiter.builder(redis.url()).keyPrefix("bench-batched").mode(RedisRateLimiter.Mode.BATCHED)
        .batch(BATCH).timeout(Duration.ofSeconds(5)).build();
    if (!exact.reachable(Duration.ofSeconds(10)) || !batched.reachable(Duration.ofSeconds(10))) {
      throw new IllegalStateException("Redis did not answer");
    }
    bucket4jClient = RedisClient.create(redis.url());
    bucket4jConnection = bucket4jClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    ProxyManager<String> proxies = Bucket4jLettuce.casBasedBuilder(bucket4jConnection).build();
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(l -> l.capacity(HUGE).refillGreedy(HUGE, Duration.ofHours(1)))
        .build();
    bucket4jBucket = proxies.builder().build("bucket4j:" + KEY, () -> configuration);
  }

  @TearDown
  public void tearDown() {
    exact.close();
    batched.close();
    bucket4jConnection.close();
    bucket4jClient.shutdown();
    redis.close();
  }

  /** Latchkey's exact mode: one atomic script per decision, on Redis's clock. */
  @Benchmark
  public RateLimiter.Decision exact() {
    return exact.acquire(KEY, limit);
  }

  /**
   * Latchkey's batched mode: permits leased from Redis {@value #BATCH} at a time and taken here, the
   * lease refilled in the background before it runs out.
   */
  @Benchmark
  public RateLimiter.Decision batched() {
    return batched.acquire(KEY, limit);
  }

  /** Bucket4j's Lettuce backend on the same key and limit. */
  @Benchmark
  public ConsumptionProbe bucket4j() {
    return bucket4jBucket.tryConsumeAndReturnRemaining(1);
  }
}
