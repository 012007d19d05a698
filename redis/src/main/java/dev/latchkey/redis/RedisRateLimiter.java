package dev.latchkey.redis;

import dev.latchkey.Health;
import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.redis.internal.CircuitBreaker;
import dev.latchkey.redis.internal.LeaseTable;
import dev.latchkey.redis.internal.RateLimitScript;
import dev.latchkey.spi.HealthReporting;
import dev.latchkey.spi.RepeatedWarnings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts permits in Redis, so every replica of a service shares one count per key: a limit of 100 an
 * hour is 100 for the whole cluster, and a guesser cannot spread attempts over replicas. The semantics
 * are {@link LocalRateLimiter}'s exactly (token bucket refill, fixed window starting at the first
 * request, {@link #release} giving a permit back, {@link Decision#remaining()} and
 * {@link Decision#retryAfter()}), and it meets the same specifications, in both modes.
 *
 * <p><b>Exact.</b> Each decision is one atomic round trip: a server-side script reads the key's state,
 * decides and writes it back on Redis's clock ({@code TIME}), so replicas with skewed clocks still
 * agree and no more permits are granted than the limit allows, however many replicas ask at once. Time
 * is counted to the microsecond. A {@link #release} is sent without waiting for its answer.
 *
 * <p><b>Batched</b> ({@link Mode#BATCHED}). Each instance leases permits from Redis (the same script
 * takes up to a batch from the key's count at once) and decides from its lease without a round trip; a
 * lease holds at most {@linkplain Builder#batch the batch} and at most an eighth of the limit's burst
 * (at least one permit). Once a take leaves half the lease or less, a refill is sent in the background,
 * so a steady caller rarely waits; a request that finds the lease empty waits for Redis within the
 * timeout, and is then decided by the fallback. A refusal carries the time Redis gave for its next
 * permit, and until then this instance refuses without asking again. Bounds: a fixed window never
 * grants more than its limit in a window (leases come out of the window's count and lapse, reckoned
 * from when they were sent, no later than the window ends); a token bucket grants at most
 * {@code batch × instances} more than its limit over any interval (the permits leased before the
 * bucket refilled). In return an instance may refuse while others hold unused permits. A permit given
 * back returns to the lease while it has room, otherwise to Redis. Unused leased permits are given
 * back to Redis on {@link #close()} (waited for up to the timeout) and when leases are held for
 * 100,000 keys; an instance that stops without closing strands at most its lease per key, which
 * means fewer grants, never more. {@link Decision#remaining()} is what this instance knows: its lease
 * and what Redis had left at its last lease.
 *
 * <p><b>Keys.</b> A key {@code k} is stored as the hash {@code <prefix>:rl:{k}}, hash-tagged so that
 * everything about one key stays in one slot of a Redis Cluster. Keys stay independent, as
 * {@link RateLimiter} requires: Redis forgets a key (it expires) a second after it is back to its
 * whole allowance, where forgetting it changes nothing, and a release that leaves nothing in use
 * deletes it. Idle keys therefore cost Redis nothing.
 *
 * <p><b>Failures.</b> No caller waits longer than the {@linkplain Builder#timeout timeout} (50 ms by
 * default) for Redis, and nothing is ever thrown. A call that times out or fails, or finds Redis
 * unreachable, is decided by the configured {@link OnFailure}: allowed, denied, or counted in this
 * process by a {@link LocalRateLimiter}. After {@linkplain Builder#circuitBreaker five failures in a
 * row} a circuit breaker stops calling Redis for a while (a second by default) and decides every
 * request by the fallback at once; then one probe call at a time goes to Redis, and the first that
 * succeeds resumes counting there (the local counts are not carried over). Every fallback decision is
 * counted ({@link #fallbacks()}) and passed to the {@linkplain Builder#onFallback listener} as a
 * {@link Fallback} event, and logged as a rate-limited warning naming Redis by host and port only:
 * the URL's password never appears in a log, an exception or {@link #toString()}.
 *
 * <p>A permit taken while Redis was unreachable and given back after it returned (or the other way
 * round) is given back where the release is decided, so up to one permit per request in flight at
 * that moment may be counted in the wrong place.
 *
 * <p>Thread-safe. Holds one connection to Redis and its client's threads: {@link #close()} it, or hand
 * it to an {@link dev.latchkey.Authenticator} (through a policy's {@code countedBy}), which closes it.
 * Building never waits on Redis: it connects in the background, and until it is connected requests are
 * decided as on a failure.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable, HealthReporting {
  /** How long a caller waits for Redis at most, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);

  /** The most permits one lease holds in {@link Mode#BATCHED}, by default. */
  public static final int DEFAULT_BATCH = 10;

  /** Keys holding a lease at most in {@link Mode#BATCHED}; past that, every lease is given back. */
  private static final int MAX_LEASED_KEYS = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

  private final RedisClient client;
  private final RedisURI uri;
  private final String endpoint;
  private final String keyPrefix;
  private final Duration timeout;
  private final long timeoutNanos;
  private final Mode mode;
  private final int batch;
  private final LeaseTable leases;
  private final OnFailure onFailure;
  private final TimeSource timeSource;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final LocalRateLimiter local;
  private final Consumer<Fallback> listener;
  private final RepeatedWarnings warnings;
  private final Map<Cause, LongAdder> fallbackCounts = new EnumMap<>(Cause.class);
  private final Object connecting = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private CompletableFuture<StatefulRedisConnection<String, String>> pending;
  private volatile boolean closed;

  private RedisRateLimiter(Builder b) {
    this.uri = b.uri;
    this.endpoint = "Redis at " + b.uri.getHost() + ":" + b.uri.getPort();
    this.keyPrefix = b.keyPrefix + ":rl:{";
    this.timeout = b.timeout;
    this.timeoutNanos = b.timeout.toNanos();
    this.mode = b.mode;
    this.batch = b.batch;
    this.onFailure = b.onFailure;
    this.timeSource = b.timeSource;
    this.clock = b.clock;
    this.breaker = new CircuitBreaker(b.clock, b.failuresToOpen, b.openFor);
    this.leases = b.mode == Mode.BATCHED
        ? new LeaseTable(b.clock, b.batch, b.timeout, MAX_LEASED_KEYS, breaker, new Lessor())
        : null;
    this.local = LocalRateLimiter.create(b.clock);
    this.listener = b.listener;
    this.warnings = new RepeatedWarnings(RedisRateLimiter.class, b.clock);
    for (Cause cause : Cause.values()) {
      fallbackCounts.put(cause, new LongAdder());
    }
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(1)
        // Come back quickly after an outage: the breaker, not the reconnect delay, paces the load on Redis.
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        // While disconnected, fail at once (and fall back) rather than queue requests behind the outage.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(65_536)
        .socketOptions(SocketOptions.builder().connectTimeout(b.connectTimeout()).build())
        .timeoutOptions(TimeoutOptions.enabled(b.timeout.multipliedBy(4)))
        .build());
    startConnecting();
  }

  /**
   * A builder for a limiter on the Redis at {@code url} ({@code redis://[:password@]host[:port][/db]},
   * or {@code rediss://} for TLS).
   *
   * @param url the server's URL; it may hold a password, which is never logged or shown
   * @return a builder with the defaults described on each setter
   * @throws IllegalArgumentException if {@code url} is not a Redis URL (the message never quotes it)
   */
  public static Builder builder(String url) {
    Objects.requireNonNull(url, "url");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL (redis://[:password@]host[:port][/db])");
    }
    if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
      throw new IllegalArgumentException("a Redis URL needs a host (redis://[:password@]host[:port][/db])");
    }
    return new Builder(parsed);
  }

  @Override
  public Decision acquire(String key, RateLimit limit) {
    if (leases == null || closed) {
      return decide("a", key, limit);
    }
    LeaseTable.Outcome outcome = leases.acquire(key, limit, System.nanoTime());
    if (outcome.decision().isPresent()) {
      return outcome.decision().get();
    }
    return fallback("a", key, limit, outcome.failure().orElse(Cause.ERROR));
  }

  @Override
  public Decision check(String key, RateLimit limit) {
    if (leases != null && !closed) {
      Optional<Decision> fromLease = leases.check(key, limit);
      if (fromLease.isPresent()) {
        return fromLease.get();
      }
    }
    return decide("c", key, limit);
  }

  @Override
  public void release(String key, RateLimit limit) {
    if (leases != null && !closed && leases.release(key, limit)) {
      return;
    }
    StatefulRedisConnection<String, String> c = connection;
    if (closed || c == null || breaker.isOpen()) {
      if (onFailure == OnFailure.LOCAL) {
        local.release(key, limit);
      }
      return;
    }
    giveBack(c, key, limit, 1);
  }

  /** Sends {@code count} permits back to Redis without waiting; done when Redis has them. */
  private CompletableFuture<?> giveBack(StatefulRedisConnection<String, String> c, String key, RateLimit limit, long count) {
    String[] keys = {keyPrefix + key + "}"};
    String[] args = arguments("r", limit, now(), count);
    return send(c, keys, args);
  }

  /** The script by its SHA-1, and by its text if Redis does not have it (restarted, flushed). */
  private CompletableFuture<List<Object>> send(StatefulRedisConnection<String, String> c, String[] keys, String[] args) {
    CompletableFuture<List<Object>> bySha = c.async().<List<Object>>evalsha(RateLimitScript.SHA1, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
    return bySha.exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      return cause instanceof RedisNoScriptException && !closed
          ? c.async().<List<Object>>eval(RateLimitScript.TEXT, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
          : CompletableFuture.failedFuture(cause);
    });
  }

  /** The batched mode's way to Redis: leases and give-backs on this limiter's connection. */
  private final class Lessor implements LeaseTable.Lessor {
    @Override
    public boolean connected() {
      return connection != null && !closed;
    }

    @Override
    public boolean awaitConnection(long start) {
      try {
        return connection(start) != null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public CompletableFuture<LeaseTable.Granted> lease(String key, RateLimit limit, long count, long nowNanos) {
      StatefulRedisConnection<String, String> c = connection;
      if (c == null || closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
      }
      String[] keys = {keyPrefix + key + "}"};
      return send(c, keys, arguments("l", limit, nowNanos, count))
          .thenApply(answer -> new LeaseTable.Granted(
              (Long) answer.get(0), (Long) answer.get(1), (Long) answer.get(2), (Long) answer.get(3), (Long) answer.get(4)));
    }

    @Override
    public CompletableFuture<?> giveBack(String key, RateLimit limit, long count) {
      StatefulRedisConnection<String, String> c = connection;
      return c == null ? CompletableFuture.completedFuture(null) : RedisRateLimiter.this.giveBack(c, key, limit, count);
    }

    @Override
    public void recovered() {
      answersAgain();
    }
  }

  private void answersAgain() {
    warnings.clear();
    LOG.info("{} answers again; rate limits are counted there again", endpoint);
  }

  private long now() {
    Instant instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private Decision decide(String op, String key, RateLimit limit) {
    long start = System.nanoTime();
    if (closed || !breaker.allowsCall()) {
      return fallback(op, key, limit, closed ? Cause.CLOSED : Cause.CIRCUIT_OPEN);
    }
    Cause cause;
    try {
      StatefulRedisConnection<String, String> c = connection(start);
      if (c == null) {
        cause = Cause.UNREACHABLE;
      } else {
        String[] keys = {keyPrefix + key + "}"};
        String[] args = arguments(op, limit, now(), 1);
        Decision decision = decision(await(send(c, keys, args), start));
        if (breaker.succeeded()) {
          answersAgain();
        }
        return decision;
      }
    } catch (TimeoutException e) {
      cause = Cause.TIMEOUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cause = Cause.ERROR;
    } catch (ExecutionException | RuntimeException e) {
      cause = Cause.ERROR;
    }
    breaker.failed();
    return fallback(op, key, limit, cause);
  }

  /** The script's arguments; {@code nowNanos} is sent only when counting on the builder's clock. */
  private String[] arguments(String op, RateLimit limit, long nowNanos, long count) {
    return new String[] {
      op,
      limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET ? "b" : "w",
      Long.toString(limit.permits()),
      Long.toString(Math.max(1, limit.period().toNanos() / 1000)),
      Long.toString(limit.burst()),
      timeSource == TimeSource.CLOCK ? Long.toString(Math.floorDiv(nowNanos, 1000)) : "",
      Long.toString(count)
    };
  }

  private <T> T await(CompletableFuture<T> future, long start) throws TimeoutException, ExecutionException, InterruptedException {
    long left = timeoutNanos - (System.nanoTime() - start);
    if (left <= 0) {
      throw new TimeoutException();
    }
    return future.get(left, TimeUnit.NANOSECONDS);
  }

  private static Decision decision(List<Object> answer) {
    boolean allowed = ((Long) answer.get(0)) == 1L;
    long remaining = (Long) answer.get(1);
    long retryMicros = (Long) answer.get(2);
    return allowed
        ? new Decision(true, Math.max(0, remaining), Duration.ZERO)
        : new Decision(false, 0, Duration.ofNanos(Math.max(1, retryMicros) * 1000));
  }

  /** The connection, waiting for it within the deadline if it is being made; null if there is none. */
  private StatefulRedisConnection<String, String> connection(long start) throws InterruptedException {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return c;
    }
    CompletableFuture<StatefulRedisConnection<String, String>> attempt = startConnecting();
    try {
      long left = timeoutNanos - (System.nanoTime() - start);
      return left <= 0 ? null : attempt.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    }
  }

  /** Starts connecting unless a connection is being made; the attempt in progress. */
  private CompletableFuture<StatefulRedisConnection<String, String>> startConnecting() {
    synchronized (connecting) {
      if (pending == null || pending.isCompletedExceptionally()) {
        CompletableFuture<StatefulRedisConnection<String, String>> attempt;
        try {
          attempt = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        } catch (RuntimeException e) {
          attempt = CompletableFuture.failedFuture(e);
        }
        pending = attempt.whenComplete((c, failure) -> {
          if (c != null) {
            if (closed) {
              c.closeAsync();
            } else {
              // Load the script ahead, so the first decision is one round trip, not a NOSCRIPT and a retry.
              c.async().scriptLoad(RateLimitScript.TEXT);
              connection = c;
            }
          }
        });
      }
      return pending;
    }
  }

  private Decision fallback(String op, String key, RateLimit limit, Cause cause) {
    Decision decision;
    switch (onFailure) {
      case ALLOW:
        decision = new Decision(true, 0, Duration.ZERO);
        break;
      case DENY:
        decision = new Decision(false, 0, Duration.ofSeconds(1));
        break;
      default:
        decision = op.equals("a") ? local.acquire(key, limit) : local.check(key, limit);
        break;
    }
    fallbackCounts.get(cause).increment();
    if (cause != Cause.CLOSED) {
      // One text whatever the cause (timeouts and an open breaker alternate), so it is logged once a minute.
      warnings.warn(endpoint + " does not answer in time; rate limits are " + onFailure.description + " until it does");
    }
    try {
      listener.accept(new Fallback(key, cause, onFailure, decision, clock.instant()));
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("a rate-limit fallback listener failed: {}", e.getClass().getName());
    }
    return decision;
  }

  /**
   * How many decisions were made by the fallback instead of Redis, since this limiter was built.
   *
   * @return the count over every cause
   */
  public long fallbacks() {
    long total = 0;
    for (LongAdder count : fallbackCounts.values()) {
      total += count.sum();
    }
    return total;
  }

  /**
   * How many decisions were made by the fallback for {@code cause}.
   *
   * @param cause why Redis did not decide
   * @return the count
   */
  public long fallbacks(Cause cause) {
    return fallbackCounts.get(Objects.requireNonNull(cause, "cause")).sum();
  }

  /**
   * What the limiter does when Redis cannot decide.
   *
   * @return the configured fallback
   */
  public OnFailure onFailure() {
    return onFailure;
  }

  /**
   * The server this limiter counts on, by host and port only (never the URL's password).
   *
   * @return such as {@code redis.internal:6379}
   */
  public String endpoint() {
    return uri.getHost() + ":" + uri.getPort();
  }

  /**
   * Whether Redis counts the limits now, from what the last calls found; never calls Redis. {@code UP}
   * while connected with the circuit breaker closed; {@code DEGRADED} while not connected (before the
   * first connection, or while reconnecting after an outage) or while the breaker is open, when every
   * decision is made by the {@link OnFailure fallback}; {@code DOWN} once closed. Details:
   * {@code endpoint} (host and port, never the password), {@code connected}, {@code circuit}
   * ({@code closed} or {@code open}), {@code on_failure} ({@code allow}, {@code deny} or
   * {@code local}) and {@code fallbacks}, how many decisions the fallback made so far. Thread-safe.
   *
   * @return the health
   */
  @Override
  public Health health() {
    StatefulRedisConnection<String, String> c = connection;
    boolean connected = !closed && c != null && c.isOpen();
    boolean open = breaker.isOpen();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("endpoint", endpoint());
    details.put("connected", connected);
    details.put("circuit", open ? "open" : "closed");
    details.put("on_failure", onFailure.name().toLowerCase(java.util.Locale.ROOT));
    details.put("fallbacks", fallbacks());
    Health.Status status = closed ? Health.Status.DOWN : connected && !open ? Health.Status.UP : Health.Status.DEGRADED;
    return Health.of(status, details);
  }

  /**
   * Whether Redis answers now: a {@code PING} within {@code wait}. For checking a configuration; never
   * called on the request path.
   *
   * @param wait how long to wait for the answer
   * @return true if Redis answered
   */
  public boolean reachable(Duration wait) {
    long start = System.nanoTime();
    try {
      StatefulRedisConnection<String, String> c = connection;
      if (c == null) {
        c = startConnecting().get(wait.toNanos(), TimeUnit.NANOSECONDS);
      }
      long left = wait.toNanos() - (System.nanoTime() - start);
      return left > 0 && "PONG".equals(c.async().ping().get(left, TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Closes the connection and stops the client's threads. Later decisions are made by the fallback.
   * Idempotent; never throws.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (leases != null) {
      // Unused leased permits go back to Redis, so the other replicas can have them; waited for up to the timeout.
      try {
        leases.giveBackAll().get(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        LOG.warn("giving leased permits back to {} failed: {}", endpoint, e.getClass().getName());
      }
    }
    try {
      StatefulRedisConnection<String, String> c = connection;
      if (c != null) {
        c.close();
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.warn("closing the connection to {} failed: {}", endpoint, e.getClass().getName());
    }
  }

  /**
   * How this limiter decides.
   *
   * @return {@link Mode#EXACT} or {@link Mode#BATCHED}
   */
  public Mode mode() {
    return mode;
  }

  /**
   * The most permits one lease holds in {@link Mode#BATCHED} (also the per-replica term of its overshoot
   * bound); unused in {@link Mode#EXACT}.
   *
   * @return the batch size
   */
  public int batch() {
    return batch;
  }

  /** The server by host and port (never the password), the mode, the timeout and the fallback. */
  @Override
  public String toString() {
    return "RedisRateLimiter[" + endpoint + ", " + (mode == Mode.EXACT ? "exact" : "batched " + batch) + ", timeout "
        + timeout.toMillis() + " ms, on failure " + onFailure.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }

  /** How a limiter decides. */
  public enum Mode {
    /** One atomic round trip to Redis per decision; never more permits than the limit (the default). */
    EXACT,
    /**
     * Permits leased from Redis in batches and handed out from this process; most decisions make no
     * round trip. A token bucket may grant up to {@code batch × replicas} more than its limit; a fixed
     * window never grants more than its limit in a window. See the class description.
     */
    BATCHED
  }

  /** What a limiter does with a request when Redis cannot decide it. */
  public enum OnFailure {
    /** Grant the permit (fail open), as Envoy's {@code failure_mode_allow}. */
    ALLOW("allowed"),
    /** Refuse the permit (fail closed), with a retry after of one second. */
    DENY("refused"),
    /** Count in this process, as a {@link LocalRateLimiter}: each replica then allows the whole limit. */
    LOCAL("counted per instance");

    private final String description;

    OnFailure(String description) {
      this.description = description;
    }
  }

  /** Why a decision was made by the fallback. */
  public enum Cause {
    /** Redis did not answer within the timeout. */
    TIMEOUT,
    /** Redis answered with an error, or the connection failed. */
    ERROR,
    /** No connection to Redis could be made within the timeout. */
    UNREACHABLE,
    /** Redis failed repeatedly and the circuit breaker is open. */
    CIRCUIT_OPEN,
    /** The limiter was closed. */
    CLOSED
  }

  /** Whose clock windows and refills are measured on. */
  public enum TimeSource {
    /** Redis's {@code TIME}, read inside the script: one clock for every replica (the default). */
    REDIS,
    /**
     * The builder's {@link Builder#clock clock}, sent with each call: for tests on a controlled clock,
     * and only for replicas whose clocks agree.
     */
    CLOCK
  }

  /**
   * One decision made by the fallback, as Envoy's {@code failure_mode_allowed} counts them.
   *
   * @param key the key that was counted (an address, a principal), as the policy names it
   * @param cause why Redis did not decide
   * @param onFailure the fallback that decided
   * @param decision what it decided
   * @param at when, on the limiter's clock
   */
  public record Fallback(String key, Cause cause, OnFailure onFailure, Decision decision, Instant at) {
    /**
     * Rejects nulls.
     *
     * @param key the key that was counted, as the policy names it
     * @param cause why Redis did not decide
     * @param onFailure the fallback that decided
     * @param decision what it decided
     * @param at when, on the limiter's clock
     */
    public Fallback {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(onFailure, "onFailure");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Configures a {@link RedisRateLimiter}. Not thread-safe. */
  public static final class Builder {
    private final RedisURI uri;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Mode mode = Mode.EXACT;
    private int batch = DEFAULT_BATCH;
    private OnFailure onFailure = OnFailure.LOCAL;
    private TimeSource timeSource = TimeSource.REDIS;
    private Clock clock = Clock.systemUTC();
    private String keyPrefix = "latchkey";
    private int failuresToOpen = 5;
    private Duration openFor = Duration.ofSeconds(1);
    private Consumer<Fallback> listener = f -> {};

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * The longest a caller waits for Redis; 50 ms by default.
     *
     * @param timeout positive, at most a minute
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("a Redis timeout must be positive and at most a minute");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How to decide: {@link Mode#EXACT} (one round trip per decision, the default) or {@link Mode#BATCHED}
     * (permits leased in batches of {@link #batch}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The most permits one lease holds in {@link Mode#BATCHED}; {@value RedisRateLimiter#DEFAULT_BATCH} by
     * default. A lease also holds at most an eighth of a limit's burst (at least one permit). The larger
     * the batch, the fewer round trips and the larger the overshoot bound ({@code batch × replicas}).
     *
     * @param batch from 1 to 1,000,000
     * @return this builder
     */
    public Builder batch(int batch) {
      if (batch < 1 || batch > 1_000_000) {
        throw new IllegalArgumentException("a batch must be from 1 to 1,000,000 permits");
      }
      this.batch = batch;
      return this;
    }

    /**
     * What to do when Redis cannot decide; {@link OnFailure#LOCAL} by default.
     *
     * @param onFailure the fallback
     * @return this builder
     */
    public Builder onFailure(OnFailure onFailure) {
      this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * Whose clock counts; {@link TimeSource#REDIS} by default.
     *
     * @param timeSource the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * The clock of the fallback counts, the circuit breaker, events and warnings (and of the counting
     * itself with {@link TimeSource#CLOCK}); the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * What every Redis key of this limiter starts with; {@code latchkey} by default. Limiters with
     * different prefixes never share a count.
     *
     * @param keyPrefix non-empty, without braces
     * @return this builder
     */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (keyPrefix.isEmpty() || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException("a key prefix must be non-empty and have no braces");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * When the circuit breaker opens and for how long; 5 failures in a row and 1 second by default.
     *
     * @param failuresInARow failures in a row that open it; positive
     * @param openFor how long it stays open before a probe call; positive
     * @return this builder
     */
    public Builder circuitBreaker(int failuresInARow, Duration openFor) {
      Objects.requireNonNull(openFor, "openFor");
      if (failuresInARow < 1 || openFor.isNegative() || openFor.isZero()) {
        throw new IllegalArgumentException("a circuit breaker needs a positive failure count and open time");
      }
      this.failuresToOpen = failuresInARow;
      this.openFor = openFor;
      return this;
    }

    /**
     * Called with every decision made by the fallback, on the request's thread; it must return
     * promptly. An exception it throws is logged by class and ignored.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onFallback(Consumer<Fallback> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    private Duration connectTimeout() {
      Duration oneSecond = Duration.ofSeconds(1);
      return timeout.compareTo(oneSecond) > 0 ? timeout : oneSecond;
    }

    /**
     * The limiter. Starts connecting to Redis in the background and returns at once.
     *
     * @return the limiter
     */
    public RedisRateLimiter build() {
      return new RedisRateLimiter(this);
    }
  }
}
