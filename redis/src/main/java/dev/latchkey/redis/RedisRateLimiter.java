package dev.latchkey.redis;

import dev.latchkey.Health;
import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.redis.internal.CircuitBreaker;
import dev.latchkey.redis.internal.RateLimitScript;
import dev.latchkey.spi.HealthReporting;
import dev.latchkey.spi.RepeatedWarnings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
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
import java.util.concurrent.CompletableFuture;
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
 * {@link Decision#retryAfter()}), and it meets the same specifications.
 *
 * <p><b>Exact.</b> Each decision is one atomic round trip: a server-side script reads the key's state,
 * decides and writes it back on Redis's clock ({@code TIME}), so replicas with skewed clocks still
 * agree and no more permits are granted than the limit allows, however many replicas ask at once. Time
 * is counted to the microsecond. A {@link #release} is sent without waiting for its answer.
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

  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
  private static final String[] NO_TIME = {};

  private final RedisClient client;
  private final RedisURI uri;
  private final String endpoint;
  private final String keyPrefix;
  private final Duration timeout;
  private final long timeoutNanos;
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
    this.onFailure = b.onFailure;
    this.timeSource = b.timeSource;
    this.clock = b.clock;
    this.breaker = new CircuitBreaker(b.clock, b.failuresToOpen, b.openFor);
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
    return decide("a", key, limit);
  }

  @Override
  public Decision check(String key, RateLimit limit) {
    return decide("c", key, limit);
  }

  @Override
  public void release(String key, RateLimit limit) {
    StatefulRedisConnection<String, String> c = connection;
    if (closed || c == null || breaker.isOpen()) {
      if (onFailure == OnFailure.LOCAL) {
        local.release(key, limit);
      }
      return;
    }
    String[] keys = {keyPrefix + key + "}"};
    String[] args = arguments("r", limit);
    RedisFuture<List<Object>> sent = c.async().evalsha(RateLimitScript.SHA1, ScriptOutputType.MULTI, keys, args);
    sent.whenComplete((answer, failure) -> {
      if (failure instanceof RedisNoScriptException && !closed) {
        c.async().eval(RateLimitScript.TEXT, ScriptOutputType.MULTI, keys, args);
      }
    });
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
        String[] args = arguments(op, limit);
        List<Object> answer;
        try {
          answer = await(c.async().evalsha(RateLimitScript.SHA1, ScriptOutputType.MULTI, keys, args), start);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof RedisNoScriptException)) {
            throw e;
          }
          // Redis restarted or flushed its scripts: send the script itself, which caches it again.
          answer = await(c.async().eval(RateLimitScript.TEXT, ScriptOutputType.MULTI, keys, args), start);
        }
        Decision decision = decision(answer);
        if (breaker.succeeded()) {
          warnings.clear();
          LOG.info("{} answers again; rate limits are counted there again", endpoint);
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

  private String[] arguments(String op, RateLimit limit) {
    String now = "";
    if (timeSource == TimeSource.CLOCK) {
      Instant instant = clock.instant();
      now = Long.toString(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
    }
    return new String[] {
      op,
      limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET ? "b" : "w",
      Long.toString(limit.permits()),
      Long.toString(Math.max(1, limit.period().toNanos() / 1000)),
      Long.toString(limit.burst()),
      now
    };
  }

  private <T> T await(RedisFuture<T> future, long start) throws TimeoutException, ExecutionException, InterruptedException {
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

  /** The server by host and port (never the password), the timeout and the fallback. */
  @Override
  public String toString() {
    return "RedisRateLimiter[" + endpoint + ", exact, timeout " + timeout.toMillis() + " ms, on failure " + onFailure.name().toLowerCase(java.util.Locale.ROOT) + "]";
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
