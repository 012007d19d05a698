package dev.latchkey.redis;

import dev.latchkey.Health;
import dev.latchkey.Principal;
import dev.latchkey.redis.internal.RedisClients;
import dev.latchkey.redis.internal.RedisSettings;
import dev.latchkey.redis.internal.RevocationEntries;
import dev.latchkey.revocation.InMemoryRevocations;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.revocation.RevocationException;
import dev.latchkey.revocation.Revocations;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.BackgroundSource;
import dev.latchkey.spi.HealthReporting;
import dev.latchkey.spi.RepeatedWarnings;
import dev.latchkey.spi.RevocationListener;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocations shared by every instance of a service through Redis. Each instance keeps the whole set
 * in an {@link InMemoryRevocations}, so {@link #check} is the in-memory set's: constant time, no
 * network hop, nothing on the request thread but two map lookups.
 *
 * <p><b>Writes.</b> {@link #revoke} records the revocation in Redis (one atomic script that widens the
 * stored entry and publishes it), then applies it here at once. It waits at most the
 * {@linkplain Builder#timeout timeout}; if Redis cannot record it, it throws a
 * {@link RevocationException} naming the server by host and port, and nothing is revoked anywhere.
 *
 * <p><b>Propagation.</b> Every instance subscribes to the revocations channel and applies what another
 * instance published as it arrives (normally within milliseconds). As the safety net for a message
 * missed (a dropped connection, a subscriber that was not yet there), each instance reads the whole set
 * from Redis every {@linkplain Builder#resyncInterval resync interval} (30 seconds by default) and at
 * once whenever its subscription is made again after a reconnect. So a revocation made on one instance
 * is refused on every instance within the resync interval at worst. Subscribing and resynchronising run
 * on the authenticator's {@link Background}; messages are applied on the Redis client's thread.
 *
 * <p><b>Expiry.</b> An entry stops counting at its {@code until} on every instance by the
 * {@linkplain Builder#clock clock} and is purged from memory in the background; each resync also deletes
 * ended entries from Redis.
 *
 * <p><b>Outages.</b> While Redis is down the in-memory set keeps serving everything it holds, never
 * dropping an entry; revocations made elsewhere during the outage arrive with the first resync after
 * it. Every failed subscription, resync or write is counted ({@link #failures()}), passed to the
 * {@linkplain Builder#onRedisFailure listener} as a {@link Failure}, and logged as a rate-limited
 * warning naming the server by host and port only: the URL's password never appears in a log, an
 * exception or {@link #toString()}. With {@link OnFailure#DENY}, an instance that has not read the set
 * from Redis for longer than {@linkplain Builder#staleAfter its tolerance} answers
 * {@link Revocations.Status#UNKNOWN}, and the authenticator refuses requests (503) until it has.
 *
 * <p>Thread-safe. Holds connections to Redis and its client's threads: hand it to an authenticator
 * ({@link dev.latchkey.Latchkey.Builder#revocations}), which starts it and closes it, or
 * {@link #start} and {@link #close()} it yourself. Building never waits on Redis.
 */
public final class RedisRevocations implements Revocations, BackgroundSource, HealthReporting, AutoCloseable {
  /** How long a write or one page of a resync waits for Redis at most, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** How often the whole set is read from Redis, by default. */
  public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocations.class);
  private static final int PAGE = 1000;

  private final RedisURI uri;
  private final String endpoint;
  private final String hashKey;
  private final String untilKey;
  private final String channel;
  private final Duration timeout;
  private final Duration resyncInterval;
  private final long staleAfterMillis;
  private final Mode mode;
  private final OnFailure onFailure;
  private final Clock clock;
  private final Consumer<Failure> listener;
  private final InMemoryRevocations local;
  private final RedisClients clients;
  private final RedisClient client;
  private final RepeatedWarnings warnings;
  private final Map<Operation, LongAdder> failureCounts = new EnumMap<>(Operation.class);
  private final AtomicBoolean started = new AtomicBoolean();
  private final Object subscribing = new Object();
  private volatile Background background;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  /** When the set was last read whole from Redis, in ms since the epoch; {@link Long#MIN_VALUE} for never. */
  private volatile long lastResync = Long.MIN_VALUE;
  private volatile boolean failing;
  private volatile boolean closed;

  private RedisRevocations(Builder b) {
    this.uri = b.uri;
    this.endpoint = RedisSettings.endpoint(b.uri);
    String tag = "{" + b.keyPrefix + ":revocations}";
    this.hashKey = tag;
    this.untilKey = tag + ":until";
    this.channel = b.keyPrefix + ":revocations";
    this.timeout = b.timeout;
    this.resyncInterval = b.resyncInterval;
    this.staleAfterMillis = b.staleAfter.orElse(b.resyncInterval.multipliedBy(3)).toMillis();
    this.mode = b.mode;
    this.onFailure = b.onFailure;
    this.clock = b.clock;
    this.listener = b.listener;
    this.local = InMemoryRevocations.create(b.clock);
    this.warnings = new RepeatedWarnings(RedisRevocations.class, b.clock);
    for (Operation operation : Operation.values()) {
      failureCounts.put(operation, new LongAdder());
    }
    this.clients = RedisClients.open(1, b.timeout, Optional.empty(), ClientOptions.DEFAULT_REQUEST_QUEUE_SIZE);
    this.client = clients.client();
  }

  /**
   * A builder for revocations shared through the Redis at {@code url}.
   *
   * @param url {@code redis://[:password@]host[:port][/db]}, or {@code rediss://} for TLS; the password
   *     is never logged or shown
   * @return a builder with the defaults described on each setter
   * @throws IllegalArgumentException if {@code url} is not a Redis URL (the message never quotes it)
   */
  public static Builder builder(String url) {
    return new Builder(RedisSettings.parse(url));
  }

  /**
   * Records {@code revocation} in Redis, which tells every instance, and applies it here at once.
   *
   * @param revocation what to revoke
   * @throws IllegalArgumentException if its {@code until} is not after now
   * @throws RevocationException if Redis did not record it within the timeout (nothing was revoked)
   */
  @Override
  public void revoke(Revocation revocation) {
    Objects.requireNonNull(revocation, "revocation");
    if (revocation.endedBy(clock.instant())) {
      throw new IllegalArgumentException("a revocation's until must be in the future");
    }
    String field = RevocationEntries.field(revocation);
    String stored;
    try {
      stored = await(commands().async().eval(RevocationEntries.WRITE, ScriptOutputType.VALUE,
          new String[] {hashKey, untilKey}, field, RevocationEntries.issuedBefore(revocation), RevocationEntries.until(revocation), channel));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(Operation.WRITE, e);
      throw new RevocationException("the revocation could not be recorded in Redis at " + endpoint + " (" + causeOf(e)
          + "); nothing was revoked");
    }
    local.merge(RevocationEntries.read(field, stored).orElse(revocation));
  }

  @Override
  public Status check(Principal principal, Kind kind) {
    if (onFailure == OnFailure.DENY && stale()) {
      return Status.UNKNOWN;
    }
    return local.check(principal, kind);
  }

  private boolean stale() {
    long last = lastResync;
    return last == Long.MIN_VALUE || clock.millis() - last > staleAfterMillis;
  }

  @Override
  public Registration listen(RevocationListener revocationListener) {
    return local.listen(revocationListener);
  }

  @Override
  public int size() {
    return local.size();
  }

  /**
   * Subscribes to the revocations channel and reads the whole set, at once, then resynchronises every
   * resync interval (subscribing again first if the subscription could not be made); purges ended
   * entries from memory in the background. Called by {@link dev.latchkey.Latchkey.Builder#build()};
   * starting again does nothing. Never waits on Redis.
   *
   * @param background where subscribing and resynchronising run
   */
  @Override
  public void start(Background background) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    this.background = Objects.requireNonNull(background, "background");
    local.start(background);
    background.once("subscribe to revocations", Duration.ZERO, this::resync);
    background.every("resync revocations", resyncInterval, this::resync);
  }

  /**
   * Makes sure of the subscription (in {@link Mode#PUBSUB}), deletes ended entries from Redis, and reads
   * the whole set into memory, one page at a time. A failure is counted and reported, and the set in
   * memory is kept as it is. Runs on the background; public for hosts that drive it themselves.
   */
  public void resync() {
    if (closed) {
      return;
    }
    try {
      if (mode == Mode.PUBSUB) {
        subscribe();
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(Operation.SUBSCRIBE, e);
      // Reading the set is still worth it: revocations made elsewhere arrive without the subscription.
    }
    try {
      StatefulRedisConnection<String, String> c = commands();
      Instant now = clock.instant();
      await(c.async().<Long>eval(RevocationEntries.PURGE, ScriptOutputType.INTEGER, new String[] {hashKey, untilKey},
          Long.toString(now.toEpochMilli())));
      ScanCursor cursor = ScanCursor.INITIAL;
      ScanArgs page = ScanArgs.Builder.limit(PAGE);
      do {
        MapScanCursor<String, String> read = await(c.async().hscan(hashKey, cursor, page));
        read.getMap().forEach(this::apply);
        cursor = read;
      } while (!cursor.isFinished());
      lastResync = now.toEpochMilli();
      if (failing) {
        failing = false;
        warnings.clear();
        LOG.info("Redis at {} answers again; revocations are shared again ({} in force)", endpoint, local.size());
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(Operation.RESYNC, e);
    }
  }

  private void apply(String field, String value) {
    Optional<Revocation> revocation = RevocationEntries.read(field, value);
    if (revocation.isPresent()) {
      local.merge(revocation.get());
    } else {
      warnings.warn("Redis at " + endpoint + " holds a revocation this version cannot read; it is ignored");
    }
  }

  /** Subscribes unless subscribed; the client subscribes again by itself after a reconnect. */
  private void subscribe() throws Exception {
    synchronized (subscribing) {
      if (subscription == null && !closed) {
        subscription = subscribed();
      }
    }
  }

  private StatefulRedisPubSubConnection<String, String> subscribed() throws Exception {
    StatefulRedisPubSubConnection<String, String> made = await(client.connectPubSubAsync(StringCodec.UTF8, uri));
    AtomicBoolean first = new AtomicBoolean(true);
    made.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String from, String message) {
        Optional<Revocation> revocation = RevocationEntries.readMessage(message);
        if (revocation.isPresent()) {
          local.merge(revocation.get());
        } else {
          warnings.warn("a revocation published on Redis at " + endpoint + " cannot be read; it is ignored");
        }
      }

      @Override
      public void subscribed(String to, long count) {
        // Subscribed again after a reconnect: what was published meanwhile was missed, so read it all.
        Background b = background;
        if (!first.compareAndSet(true, false) && b != null && !closed) {
          b.once("resync revocations after reconnecting", Duration.ZERO, RedisRevocations.this::resync);
        }
      }
    });
    try {
      await(made.async().subscribe(channel));
    } catch (Exception e) {
      made.closeAsync();
      throw e;
    }
    return made;
  }

  /** The command connection, made now if there is none. */
  private synchronized StatefulRedisConnection<String, String> commands() throws Exception {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (connection == null) {
      connection = await(client.connectAsync(StringCodec.UTF8, uri));
    }
    return connection;
  }

  private <T> T await(CompletionStage<T> future) throws InterruptedException, ExecutionException, TimeoutException {
    return future.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void failed(Operation operation, Exception e) {
    failing = true;
    failureCounts.get(operation).increment();
    String what = causeOf(e);
    warnings.warn("Redis at " + endpoint + " failed (" + what + "); revocations in memory keep serving, "
        + "and those made elsewhere arrive when it answers again");
    try {
      listener.accept(new Failure(operation, what, clock.instant()));
    } catch (RuntimeException | LinkageError listenerFailure) {
      LOG.warn("a revocation failure listener failed: {}", listenerFailure.getClass().getName());
    }
  }

  /** The failure's class name (what a future failed with, not the wrapper); never its message, which may quote input. */
  private static String causeOf(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName();
  }

  /**
   * How many subscriptions, resyncs and writes failed since this store was built.
   *
   * @return the count over every operation
   */
  public long failures() {
    long total = 0;
    for (LongAdder count : failureCounts.values()) {
      total += count.sum();
    }
    return total;
  }

  /**
   * How many {@code operation}s failed since this store was built.
   *
   * @param operation the operation
   * @return the count
   */
  public long failures(Operation operation) {
    return failureCounts.get(Objects.requireNonNull(operation, "operation")).sum();
  }

  /**
   * When the whole set was last read from Redis.
   *
   * @return the instant, on the store's clock; empty if it never was
   */
  public Optional<Instant> lastResync() {
    long last = lastResync;
    return last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last));
  }

  /**
   * This store's health, from what its background work last saw; never asks Redis. {@code UP} while
   * the set was read from Redis within its staleness tolerance and nothing fails; {@code DEGRADED}
   * while Redis fails or the set is older than that (it keeps serving the set in memory, or refuses
   * with 503 under {@code on_failure: deny}); {@code DOWN} once closed. Details: {@code endpoint}
   * (host and port, never the password), {@code mode}, {@code on_failure}, {@code entries},
   * {@code last_resync} (when the whole set was last read, if ever) and {@code failures}.
   *
   * @return the health, never null
   */
  @Override
  public Health health() {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("endpoint", endpoint);
    details.put("mode", mode.name().toLowerCase(Locale.ROOT));
    details.put("on_failure", onFailure.name().toLowerCase(Locale.ROOT));
    details.put("entries", local.size());
    lastResync().ifPresent(last -> details.put("last_resync", last));
    details.put("failures", failures());
    Health.Status status = closed ? Health.Status.DOWN
        : failing || stale() ? Health.Status.DEGRADED
        : Health.Status.UP;
    return Health.of(status, details);
  }

  /**
   * The server, by host and port only (never the URL's password).
   *
   * @return such as {@code redis.internal:6379}
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Whether Redis answers a {@code PING} within {@code wait}. For checking a configuration; never called
   * on the request path.
   *
   * @param wait how long to wait
   * @return {@code true} if Redis answered
   */
  public boolean reachable(Duration wait) {
    try {
      StatefulRedisConnection<String, String> c = commands();
      return "PONG".equals(c.async().ping().get(wait.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Closes the connections and stops the client's threads; the set in memory keeps answering
   * {@link #check}, and {@link #revoke} fails. Idempotent; never throws.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      StatefulRedisPubSubConnection<String, String> s = subscription;
      if (s != null) {
        s.close();
      }
      StatefulRedisConnection<String, String> c = connection;
      if (c != null) {
        c.close();
      }
      clients.shutdown();
    } catch (RuntimeException e) {
      LOG.warn("closing the connections to Redis at {} failed: {}", endpoint, e.getClass().getName());
    }
  }

  /** The server by host and port (never the password), the mode and the number of entries. */
  @Override
  public String toString() {
    return "RedisRevocations[" + endpoint + ", " + mode.name().toLowerCase(Locale.ROOT) + ", on failure "
        + onFailure.name().toLowerCase(Locale.ROOT) + ", " + local.size() + " entries]";
  }

  /** How changes reach this instance. */
  public enum Mode {
    /** Published changes as they happen, and the periodic resync as the safety net (the default). */
    PUBSUB,
    /** The periodic resync only: no subscription, changes arrive within the resync interval. */
    POLL
  }

  /** What {@link #check} answers while this instance has lost touch with Redis. */
  public enum OnFailure {
    /** Keep serving the set in memory as it is (the default): a revocation made elsewhere arrives late. */
    SERVE,
    /**
     * Answer {@link Revocations.Status#UNKNOWN} (the authenticator refuses with 503) once the set was
     * not read from Redis for longer than {@link Builder#staleAfter}, and until it is.
     */
    DENY
  }

  /** What failed. */
  public enum Operation {
    /** Recording a revocation ({@link #revoke}). */
    WRITE,
    /** Subscribing to the revocations channel. */
    SUBSCRIBE,
    /** Reading the whole set. */
    RESYNC
  }

  /**
   * One failed operation.
   *
   * @param operation what failed
   * @param cause the failure's exception class, never its message
   * @param at when, on the store's clock
   */
  public record Failure(Operation operation, String cause, Instant at) {
    /**
     * Rejects nulls.
     *
     * @param operation what failed
     * @param cause the failure's exception class
     * @param at when
     */
    public Failure {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Configures a {@link RedisRevocations}. Not thread-safe. */
  public static final class Builder {
    private final RedisURI uri;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration resyncInterval = DEFAULT_RESYNC_INTERVAL;
    private Optional<Duration> staleAfter = Optional.empty();
    private Mode mode = Mode.PUBSUB;
    private OnFailure onFailure = OnFailure.SERVE;
    private Clock clock = Clock.systemUTC();
    private String keyPrefix = "latchkey";
    private Consumer<Failure> listener = f -> {};

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * The longest a write, a connection attempt or one page of a resync waits; 1 second by default.
     *
     * @param timeout positive, at most a minute
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = bounded(timeout, Duration.ofMinutes(1), "timeout");
      return this;
    }

    /**
     * How often the whole set is read from Redis; 30 seconds by default. The bound on how late a
     * revocation whose message was missed arrives.
     *
     * @param interval positive, at most a day
     * @return this builder
     */
    public Builder resyncInterval(Duration interval) {
      this.resyncInterval = bounded(interval, Duration.ofDays(1), "resync interval");
      return this;
    }

    /**
     * With {@link OnFailure#DENY}: how long since the last resync before requests are refused; three
     * resync intervals by default.
     *
     * @param staleAfter positive, at most a day
     * @return this builder
     */
    public Builder staleAfter(Duration staleAfter) {
      this.staleAfter = Optional.of(bounded(staleAfter, Duration.ofDays(1), "staleness tolerance"));
      return this;
    }

    /**
     * How changes arrive; {@link Mode#PUBSUB} by default.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * What {@link #check} answers when out of touch with Redis; {@link OnFailure#SERVE} by default.
     *
     * @param onFailure the choice
     * @return this builder
     */
    public Builder onFailure(OnFailure onFailure) {
      this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * The clock entries end by, and of staleness, events and warnings; the system UTC clock by default.
     * Every instance's clock should agree.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * What the Redis keys and channel start with; {@code latchkey} by default. Stores with different
     * prefixes share nothing.
     *
     * @param keyPrefix non-empty, without braces
     * @return this builder
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = RedisSettings.keyPrefix(keyPrefix);
      return this;
    }

    /**
     * Called with every failed operation, on the thread that ran it; must return promptly. An exception
     * it throws is logged by class and ignored.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onRedisFailure(Consumer<Failure> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    private static Duration bounded(Duration value, Duration max, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
        throw new IllegalArgumentException("a " + what + " must be positive and at most " + max.toString().substring(2).toLowerCase(Locale.ROOT));
      }
      return value;
    }

    /**
     * The store. Connects nothing yet: {@link #start} does, in the background.
     *
     * @return the store
     */
    public RedisRevocations build() {
      return new RedisRevocations(this);
    }
  }
}
