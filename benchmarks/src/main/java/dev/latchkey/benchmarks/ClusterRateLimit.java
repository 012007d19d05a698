package dev.latchkey.benchmarks;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.redis.RedisRateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Three replicas sharing one Redis, 16 threads each, one principal limited to 1,000 requests a minute,
 * for 20 seconds (one window): how many requests the cluster granted. Prints one line per counter, the
 * exact mode last: {@code granted=<n> limit=1000 overshoot=<n> mode=exact}, with the Redis commands
 * each decision took. {@code bucket4j} is Bucket4j's Lettuce backend as the three replicas' shared
 * bucket (capacity 1,000, refilled 1,000 a minute); {@code batched} is the batched mode with its default
 * batch (a fixed window, so leases never take more than the window's limit). Overshoot must be 0 for
 * exact and batched.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.ClusterRateLimit [seconds]</pre>
 *
 * Starts its own redis-server unless {@code REDIS_URL} names one.
 */
public final class ClusterRateLimit {
  private static final int REPLICAS = 3;
  private static final int THREADS = 16;
  private static final long LIMIT = 1_000;
  private static final String KEY = "lk_cluster_benchmark_key_0123456789";

  private ClusterRateLimit() {}

  /** How one counter did. */
  private record Run(long granted, long decisions, long commands, long fallbacks) {}

  public static void main(String[] args) throws Exception {
    Duration length = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
    try (BenchmarkRedis redis = BenchmarkRedis.start()) {
      Run bucket4j = bucket4j(redis, length);
      print("bucket4j", bucket4j);
      Run batched = latchkey(redis, length, RedisRateLimiter.Mode.BATCHED);
      print("batched", batched);
      Run exact = latchkey(redis, length, RedisRateLimiter.Mode.EXACT);
      print("exact", exact);
    }
    System.exit(0);
  }

  private static void print(String mode, Run run) {
    System.out.printf("# %s: %d decisions, %.2f Redis commands each, %d fallbacks%n",
        mode, run.decisions(), (double) run.commands() / Math.max(1, run.decisions()), run.fallbacks());
    System.out.println("granted=" + run.granted() + " limit=" + LIMIT + " overshoot=" + Math.max(0, run.granted() - LIMIT) + " mode=" + mode);
  }

  private static Run latchkey(BenchmarkRedis redis, Duration length, RedisRateLimiter.Mode mode) throws Exception {
    List<RedisRateLimiter> limiters = new ArrayList<>();
    List<Authenticator> replicas = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      // The default 50 ms deadline and batch; refusing on a failure, so any fallback shows as fewer grants, not more.
      RedisRateLimiter limiter = RedisRateLimiter.builder(redis.url()).keyPrefix("cluster-" + mode.name().toLowerCase(java.util.Locale.ROOT))
          .mode(mode).onFailure(RedisRateLimiter.OnFailure.DENY).build();
      limiter.reachable(Duration.ofSeconds(10));
      limiters.add(limiter);
      replicas.add(Latchkey.builder()
          .source(InMemoryCredentialSource.create().add(KEY, "alice", "reader"))
          .rateLimits(RateLimitPolicy.perPrincipal(RateLimit.fixedWindow(LIMIT, Duration.ofMinutes(1))).countedBy(limiter))
          .build());
    }
    AuthRequest request = AuthRequest.builder().remoteAddress("192.0.2.10").header("X-API-Key", KEY).build();
    List<BooleanSupplier> perReplica = new ArrayList<>();
    for (Authenticator replica : replicas) {
      perReplica.add(() -> replica.authenticate(request) instanceof AuthResult.Authenticated);
    }
    long commandsBefore = commands(redis);
    long[] counts = hammer(perReplica, length);
    long commands = commands(redis) - commandsBefore;
    long fallbacks = limiters.stream().mapToLong(RedisRateLimiter::fallbacks).sum();
    replicas.forEach(Authenticator::close);
    return new Run(counts[0], counts[1], commands, fallbacks);
  }

  private static Run bucket4j(BenchmarkRedis redis, Duration length) throws Exception {
    List<RedisClient> clients = new ArrayList<>();
    List<BooleanSupplier> perReplica = new ArrayList<>();
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(l -> l.capacity(LIMIT).refillIntervally(LIMIT, Duration.ofMinutes(1)))
        .build();
    for (int i = 0; i < REPLICAS; i++) {
      RedisClient client = RedisClient.create(redis.url());
      clients.add(client);
      StatefulRedisConnection<String, byte[]> connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      BucketProxy bucket = Bucket4jLettuce.casBasedBuilder(connection).build().builder().build("cluster-bucket4j", () -> configuration);
      perReplica.add(() -> bucket.tryConsume(1));
    }
    long commandsBefore = commands(redis);
    long[] counts = hammer(perReplica, length);
    long commands = commands(redis) - commandsBefore;
    clients.forEach(RedisClient::shutdown);
    return new Run(counts[0], counts[1], commands, 0);
  }

  /** {@code THREADS} threads per replica deciding for {@code length}: granted and total decisions. */
  private static long[] hammer(List<BooleanSupplier> replicas, Duration length) throws InterruptedException {
    LongAdder granted = new LongAdder();
    LongAdder decisions = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (BooleanSupplier replica : replicas) {
      for (int t = 0; t < THREADS; t++) {
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          while (System.nanoTime() < end) {
            if (replica.getAsBoolean()) {
              granted.increment();
            }
            decisions.increment();
          }
        });
        thread.start();
        threads.add(thread);
      }
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    return new long[] {granted.sum(), decisions.sum()};
  }

  /** Commands Redis has processed so far (INFO stats), to count commands per decision. */
  private static long commands(BenchmarkRedis redis) {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      for (String line : c.sync().info("stats").split("\r?\n")) {
        if (line.startsWith("total_commands_processed:")) {
          return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
        }
      }
      return -1;
    } finally {
      client.shutdown();
    }
  }
}
