package dev.latchkey.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.latchkey.ConfigurationException;
import dev.latchkey.Health;
import dev.latchkey.jwt.internal.BoundedHttpGet;
import dev.latchkey.jwt.internal.KeyMaterial;
import dev.latchkey.jwt.internal.VerificationKey;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.Reload;
import dev.latchkey.spi.RepeatedWarnings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a remote JWK set, built by {@link JwtKeys#remote(URI)} or {@link JwtKeys#discover(URI)}.
 *
 * <ul>
 *   <li>Requests are answered from an immutable snapshot of converted keys and never wait while it is
 *       usable: a set is in force for the cache lifetime after it was fetched and, while refreshing
 *       fails, for the outage tolerance after that.
 *   <li>Fetches run on the authenticator's {@link Background}: the first one when the source starts,
 *       then ahead of expiry, again (rate-limited) when a token names an unknown {@code kid}, and after a
 *       failure with growing delays. A token whose key is not in the snapshot is an unknown key at once.
 *   <li>Only when no usable set is cached at all does a request wait for a fetch — all such requests
 *       share one fetch, and none waits longer than the fetch deadline.
 *   <li>Every fetch is bounded as a whole by the fetch deadline (connecting, TLS, headers and body) and
 *       by the size cap while it streams; redirects are refused unless same-origin ones are allowed; a
 *       set with two signing keys sharing a {@code kid} fails the fetch, and the last good keys stay.
 *   <li>Closing stops the checks, aborts a fetch in progress and prevents any later one; the source
 *       starts no thread of its own.
 * </ul>
 *
 * <p>Fetch failures are logged once, then at most once a minute, naming the URL without user
 * information or query. Thread-safe.
 */
public final class RemoteJwks {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
  /** How often the background looks whether a refresh is due. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final URI url;
  private final String display;
  private final Duration cacheTtl;
  private final Duration refreshAhead;
  private final Duration minRefreshInterval;
  private final Duration outageTolerance;
  private final Duration fetchDeadline;
  private final BoundedHttpGet http;
  private final Consumer<Reload> listener;

  /** The keys in force and when they were fetched; null until the first successful fetch. */
  private volatile Snapshot snapshot;
  /** The fetch in progress, which every request waiting for keys shares. */
  private final AtomicReference<InFlight> inFlight = new AtomicReference<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicReference<Instant> lastKidRefresh = new AtomicReference<>(Instant.MIN);
  private volatile Background background;
  private volatile Background.Task checks;
  private volatile Clock clock = Clock.systemUTC();
  private volatile RepeatedWarnings warnings = new RepeatedWarnings(RemoteJwks.class, clock);
  private volatile boolean closed;
  private volatile Instant nextAttempt = Instant.MIN;
  private volatile int failuresInARow;
  private volatile String lastFailure;
  /** When the last fetch failed, while fetches fail; null once one succeeds. */
  private volatile Instant failingSince;

  private record Snapshot(List<VerificationKey> keys, Map<String, VerificationKey> byJson, byte[] digest, Instant fetchedAt) {}

  private record InFlight(CompletableFuture<Void> done, long startedNanos) {}

  private RemoteJwks(URI url, Builder b, BoundedHttpGet http) {
    this.url = url;
    this.display = BoundedHttpGet.display(url);
    this.cacheTtl = b.cacheTtl;
    this.refreshAhead = b.refreshAhead;
    this.minRefreshInterval = b.minRefreshInterval;
    this.outageTolerance = b.outageTolerance;
    this.fetchDeadline = b.fetchDeadline;
    this.http = http;
    this.listener = b.listener;
    this.lastFailure = display + " has not been fetched yet";
  }

  static Builder builder(URI url) {
    return new Builder(url, false);
  }

  static Builder discovering(URI issuer) {
    return new Builder(issuer, true);
  }

  /**
   * The keys in force. Never waits while a usable set is cached; otherwise waits for the one shared
   * fetch, at most the fetch deadline.
   */
  List<VerificationKey> keys() throws JwtKeys.KeysUnavailableException {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (s != null && usable(s, now)) {
      if (background == null && !now.isBefore(refreshDue(s))) {
        warnings.warn("the keys from " + display + " are not refreshed: the source was never started on a background"
            + " (add it to an Authenticator, or call start)");
      }
      return s.keys();
    }
    return waitForKeys(now);
  }

  private boolean usable(Snapshot s, Instant now) {
    return now.isBefore(s.fetchedAt().plus(cacheTtl).plus(outageTolerance));
  }

  private Instant refreshDue(Snapshot s) {
    return s.fetchedAt().plus(cacheTtl).minus(refreshAhead);
  }

  private List<VerificationKey> waitForKeys(Instant now) throws JwtKeys.KeysUnavailableException {
    if (closed) {
      throw new JwtKeys.KeysUnavailableException(display + " is not fetched: the source is closed");
    }
    InFlight fetch = inFlight.get();
    if (fetch == null) {
      if (now.isBefore(nextAttempt)) {
        throw new JwtKeys.KeysUnavailableException(lastFailure);
      }
      fetch = startFetch(background == null);
    }
    try {
      fetch.done().get(fetchDeadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // A fetch that never ran (its scheduler refused it) must not hold every later request.
      if (System.nanoTime() - fetch.startedNanos() > 2 * fetchDeadline.toNanos() + CHECK_INTERVAL.toNanos()
          && inFlight.compareAndSet(fetch, null)) {
        fetch.done().complete(null);
      }
      throw new JwtKeys.KeysUnavailableException(display + " did not deliver keys within the fetch deadline");
    } catch (ExecutionException e) {
      // completed normally always; nothing to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JwtKeys.KeysUnavailableException(display + ": interrupted while waiting for keys");
    }
    Snapshot s = snapshot;
    if (s != null && usable(s, clock.instant())) {
      return s.keys();
    }
    throw new JwtKeys.KeysUnavailableException(lastFailure);
  }

  /**
   * Starts a fetch unless one is in progress, here ({@code here}) or on the background; returns the
   * fetch in progress.
   */
  private InFlight startFetch(boolean here) {
    InFlight mine = new InFlight(new CompletableFuture<>(), System.nanoTime());
    InFlight running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    Runnable fetch = () -> {
      try {
        fetchOnce();
      } finally {
        inFlight.compareAndSet(mine, null);
        mine.done().complete(null);
      }
    };
    Background on = background;
    if (here || on == null) {
      fetch.run();
    } else {
      on.once("fetch keys from " + display, Duration.ZERO, fetch);
    }
    return mine;
  }

  /** A token named a {@code kid} the snapshot does not hold: refresh in the background, at most once per interval. */
  void unknownKid() {
    Background on = background;
    if (on == null || closed) {
      return;
    }
    Instant now = clock.instant();
    Instant last = lastKidRefresh.get();
    if (now.isBefore(last.plus(minRefreshInterval)) || now.isBefore(nextAttempt)) {
      return;
    }
    if (lastKidRefresh.compareAndSet(last, now)) {
      startFetch(false);
    }
  }

  /** Schedules the checks on {@code background} and the first fetch; once. */
  void start(Background on) {
    Objects.requireNonNull(on, "background");
    if (closed || !started.compareAndSet(false, true)) {
      return;
    }
    clock = on.clock();
    warnings = new RepeatedWarnings(RemoteJwks.class, clock);
    nextAttempt = Instant.MIN;
    background = on;
    checks = on.every("check keys from " + display, CHECK_INTERVAL, this::check);
    if (snapshot == null) {
      startFetch(false);
    }
  }

  /** On the background: fetches when a refresh is due and no failure asks to wait. */
  private void check() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    Snapshot s = snapshot;
    boolean due = s == null || !now.isBefore(refreshDue(s));
    if (due && !now.isBefore(nextAttempt) && inFlight.get() == null) {
      startFetch(true);
    }
  }

  private void fetchOnce() {
    if (closed) {
      return;
    }
    Snapshot previous = snapshot;
    Reload outcome;
    try {
      byte[] body = http.get(url);
      KeyMaterial.FetchedKeys fetched =
          KeyMaterial.fromFetchedJwkSet(new String(body, StandardCharsets.UTF_8), previous == null ? Map.of() : previous.byJson());
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      if (closed) {
        return;
      }
      snapshot = new Snapshot(fetched.keys(), fetched.byJson(), digest, clock.instant());
      failuresInARow = 0;
      failingSince = null;
      nextAttempt = Instant.MIN;
      warnings.clear();
      if (previous != null && MessageDigest.isEqual(previous.digest(), digest)) {
        return;
      }
      for (String skipped : fetched.skipped()) {
        LOG.warn("ignoring a key from {}: {}", display, skipped);
      }
      LOG.info("fetched {} signing {} from {}", fetched.keys().size(), fetched.keys().size() == 1 ? "key" : "keys", display);
      outcome = Reload.reloaded(fetched.keys().size());
    } catch (BoundedHttpGet.FetchFailedException | IllegalArgumentException e) {
      if (closed || Thread.currentThread().isInterrupted()) {
        // Aborted because the source or its background is stopping: not a failure of the server.
        return;
      }
      // A fetch failure names the URL first; a set that cannot be used says what is wrong with it.
      String what = e.getMessage();
      String problem = display + ": " + what;
      if (e instanceof BoundedHttpGet.FetchFailedException && what.startsWith(display + " ")) {
        what = what.substring(display.length() + 1);
        problem = e.getMessage();
      }
      failuresInARow++;
      Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(failuresInARow - 1, 16));
      nextAttempt = clock.instant().plus(backoff.compareTo(minRefreshInterval) > 0 ? minRefreshInterval : backoff);
      lastFailure = problem;
      if (failingSince == null) {
        failingSince = clock.instant();
      }
      warnings.warn(problem + (previous == null
          ? "; no keys from it yet"
          : "; keeping the keys fetched at " + previous.fetchedAt() + " until " + previous.fetchedAt().plus(cacheTtl).plus(outageTolerance)));
      outcome = Reload.failed(List.of(new ConfigurationException.Problem(display, 0, 0, "", what)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
    try {
      listener.accept(outcome);
    } catch (RuntimeException e) {
      LOG.warn("a listener of {} failed ({})", display, e.getClass().getName());
    }
  }

  /** Stops the checks, aborts a fetch in progress and refuses any later one. Idempotent. */
  void close() {
    closed = true;
    Background.Task task = checks;
    if (task != null) {
      task.cancel();
    }
    http.close();
    InFlight fetch = inFlight.getAndSet(null);
    if (fetch != null) {
      fetch.done().complete(null);
    }
  }

  /**
   * What the fetches found, never fetching: {@code UP} while the last fetch succeeded,
   * {@code DEGRADED} while fetches fail and the keys fetched before still serve, {@code DOWN} while no
   * usable keys are cached (none fetched yet, or expired past the outage tolerance). Details: {@code url}
   * (without user information or query), {@code keys}, {@code last_fetch} (the last successful fetch)
   * and, while fetches fail, {@code last_fetch_failure}, {@code failing_since} and
   * {@code failures_in_a_row}.
   */
  Health health() {
    Snapshot s = snapshot;
    int failures = failuresInARow;
    Instant since = failingSince;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("url", display);
    details.put("keys", s == null ? 0 : s.keys().size());
    if (s != null) {
      details.put("last_fetch", s.fetchedAt());
    }
    if (failures > 0 && since != null) {
      details.put("last_fetch_failure", lastFailure);
      details.put("failing_since", since);
      details.put("failures_in_a_row", failures);
    }
    Health.Status status = s == null || !usable(s, clock.instant())
        ? Health.Status.DOWN
        : failures > 0 ? Health.Status.DEGRADED : Health.Status.UP;
    return Health.of(status, details);
  }

  /** What the keys are, for {@code toString}; never fetches. */
  String describe() {
    Snapshot s = snapshot;
    return "remote " + display + (s == null ? " (nothing fetched yet)" : " (" + s.keys().size() + " cached)");
  }

  /** Refuses plain http except to literal loopback addresses; never resolves names. */
  static void requireSafe(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") && url.getHost() != null) {
      return;
    }
    if (scheme.equals("http") && url.getHost() != null && isLoopbackLiteral(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException(BoundedHttpGet.display(url) + ": keys are fetched over https only (plain http only on loopback)");
  }

  /** {@code localhost} or a literal loopback address; names are never resolved (DNS could rebind them). */
  private static boolean isLoopbackLiteral(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
  }

  @Override
  public String toString() {
    return "RemoteJwks[" + display + "]";
  }

  /** Which redirects a fetch follows. */
  public enum Redirects {
    /** None: a redirect fails the fetch (the default). */
    REFUSE,
    /** Those to the same scheme, host and port, at most three; any other fails the fetch. */
    SAME_ORIGIN
  }

  /** Configures remote keys; the defaults are set deliberately and documented on each setter. Not thread-safe. */
  public static final class Builder {
    private final URI url;
    private final boolean discover;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private Duration refreshAhead = Duration.ofSeconds(30);
    private Duration minRefreshInterval = Duration.ofSeconds(30);
    private Duration outageTolerance = Duration.ofMinutes(30);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration readTimeout = Duration.ofSeconds(2);
    private Duration fetchDeadline = Duration.ofSeconds(2);
    private int maxResponseBytes = 256 * 1024;
    private Redirects redirects = Redirects.REFUSE;
    private Set<String> jwksUriHosts = Set.of();
    private SSLSocketFactory tls;
    private Consumer<Reload> listener = r -> {};

    private Builder(URI url, boolean discover) {
      requireSafe(url);
      this.url = url;
      this.discover = discover;
    }

    /**
     * How long a fetched set is in force before it must be fetched again; 5 minutes by default.
     *
     * @param ttl the cache lifetime; positive
     * @return this builder
     */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = positive(ttl, "cacheTtl");
      return this;
    }

    /**
     * How long before the cache lifetime ends the background refreshes the set, so requests never wait
     * for it; 30 s by default.
     *
     * @param refreshAhead the margin; positive and shorter than the cache lifetime
     * @return this builder
     */
    public Builder refreshAhead(Duration refreshAhead) {
      this.refreshAhead = positive(refreshAhead, "refreshAhead");
      return this;
    }

    /**
     * The least time between refreshes triggered by tokens naming an unknown {@code kid}, and the
     * longest wait between retries after failed fetches; 30 s by default, so a flood of forged kids
     * costs at most one fetch per interval.
     *
     * @param interval the interval; positive and shorter than the cache lifetime
     * @return this builder
     */
    public Builder minRefreshInterval(Duration interval) {
      this.minRefreshInterval = positive(interval, "minRefreshInterval");
      return this;
    }

    /**
     * How long the last fetched set keeps serving after its cache lifetime while refreshing fails;
     * 30 minutes by default.
     *
     * @param tolerance the tolerance; positive
     * @return this builder
     */
    public Builder outageTolerance(Duration tolerance) {
      this.outageTolerance = positive(tolerance, "outageTolerance");
      return this;
    }

    /**
     * Connect and per-read timeouts; 2 s each by default. Neither ever extends the fetch deadline.
     *
     * @param connect the most connecting may take; positive
     * @param read the most one read may wait; positive
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration read) {
      this.connectTimeout = positive(connect, "connect");
      this.readTimeout = positive(read, "read");
      return this;
    }

    /**
     * The most one fetch may take as a whole — connecting, TLS, headers and body, redirects included —
     * however the server paces its bytes; 2 s by default. It is also the longest a request waits for keys,
     * which it does only when no usable set is cached.
     *
     * @param deadline the deadline; positive, at most a minute
     * @return this builder
     */
    public Builder fetchDeadline(Duration deadline) {
      this.fetchDeadline = positive(deadline, "fetchDeadline");
      if (deadline.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("fetchDeadline must be at most a minute");
      }
      return this;
    }

    /**
     * The largest response accepted, enforced while it streams; 256 KiB by default.
     *
     * @param bytes the cap; at least 1024
     * @return this builder
     */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * Which redirects fetches follow (the discovery document's too); {@link Redirects#REFUSE} by default.
     *
     * @param redirects the policy
     * @return this builder
     */
    public Builder redirects(Redirects redirects) {
      this.redirects = Objects.requireNonNull(redirects, "redirects");
      return this;
    }

    /**
     * For {@link JwtKeys#discover(URI)} only: hosts other than the issuer's that the discovered
     * {@code jwks_uri} may name (such as {@code www.googleapis.com} for Google). By default it must be on
     * the issuer's host.
     *
     * @param hosts host names, compared without regard to case
     * @return this builder
     */
    public Builder jwksUriHosts(String... hosts) {
      Set<String> lower = new java.util.HashSet<>();
      for (String host : hosts) {
        lower.add(host.toLowerCase(Locale.ROOT));
      }
      this.jwksUriHosts = Set.copyOf(lower);
      return this;
    }

    /**
     * The TLS settings (such as a trust store with a private CA) for {@code https} fetches; the JVM's
     * default by default. The server's host name is always verified.
     *
     * @param context the TLS context
     * @return this builder
     */
    public Builder sslContext(SSLContext context) {
      this.tls = context.getSocketFactory();
      return this;
    }

    /**
     * Who hears of every fetch that brought a changed set ({@link Reload.Reloaded}, with the number of
     * usable signing keys) and of every failed fetch ({@link Reload.Failed}, naming the URL without
     * credentials and what went wrong); nobody by default. Called on the fetching thread; a listener
     * that throws is logged and ignored.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Consumer<Reload> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    /**
     * The keys. Nothing is fetched until they are started (by the authenticator they are part of) or
     * first used; for {@link JwtKeys#discover(URI)}, the discovery document is read now, within the fetch
     * deadline.
     *
     * @return the keys
     * @throws IllegalArgumentException if the settings are inconsistent (refreshAhead or
     *     minRefreshInterval not shorter than cacheTtl), jwksUriHosts is set without discovery, or the
     *     discovery document cannot be read, names another issuer, or names a {@code jwks_uri} that is
     *     not https or is on another host
     */
    public JwtKeys build() {
      if (refreshAhead.compareTo(cacheTtl) >= 0) {
        throw new IllegalArgumentException("refreshAhead must be shorter than cacheTtl");
      }
      if (minRefreshInterval.compareTo(cacheTtl) >= 0) {
        throw new IllegalArgumentException("minRefreshInterval must be shorter than cacheTtl");
      }
      if (!discover && !jwksUriHosts.isEmpty()) {
        throw new IllegalArgumentException("jwksUriHosts applies to discovery only");
      }
      BoundedHttpGet http = new BoundedHttpGet(
          fetchDeadline, connectTimeout, readTimeout, maxResponseBytes, redirects == Redirects.SAME_ORIGIN,
          tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault());
      URI jwksUri = discover ? discoverJwksUri(http) : url;
      return JwtKeys.of(new RemoteJwks(jwksUri, this, http));
    }

    /** The {@code jwks_uri} of the OpenID Connect issuer {@code url}, checked against the document. */
    private URI discoverJwksUri(BoundedHttpGet http) {
      URI document = URI.create(url.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
      String shown = BoundedHttpGet.display(document);
      Map<String, Object> configuration;
      try {
        configuration = JSONObjectUtils.parse(new String(http.get(document), StandardCharsets.UTF_8));
      } catch (BoundedHttpGet.FetchFailedException e) {
        throw new IllegalArgumentException(e.getMessage());
      } catch (java.text.ParseException | RuntimeException e) {
        throw new IllegalArgumentException(shown + " is not a JSON object (" + e.getClass().getSimpleName() + ")");
      }
      if (!url.toString().equals(configuration.get("issuer"))) {
        throw new IllegalArgumentException(shown + " names another issuer; refusing it (OpenID Connect Discovery §4.3)");
      }
      if (!(configuration.get("jwks_uri") instanceof String jwksUri)) {
        throw new IllegalArgumentException(shown + " has no jwks_uri");
      }
      URI keys;
      try {
        keys = new URI(jwksUri);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(shown + " has a malformed jwks_uri");
      }
      requireSafe(keys);
      String host = keys.getHost().toLowerCase(Locale.ROOT);
      if (!host.equalsIgnoreCase(url.getHost()) && !jwksUriHosts.contains(host)) {
        throw new IllegalArgumentException(shown + " names a jwks_uri on the host '" + host + "', not the issuer's host '"
            + url.getHost() + "'; allow that host with jwksUriHosts (jwks_uri_hosts) if it is right");
      }
      return keys;
    }
  }
}
