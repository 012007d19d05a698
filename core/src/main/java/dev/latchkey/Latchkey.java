package dev.latchkey;

import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.LocalRateLimiter;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.policy.TrustedProxies;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.revocation.Revocations;
import dev.latchkey.spi.BackgroundScheduler;
import dev.latchkey.spi.BackgroundSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Entry point: {@code Latchkey.builder()} composes credential sources, carriers and listeners into an
 * {@link Authenticator}.
 *
 * <pre>{@code
 * Authenticator auth = Latchkey.builder()
 *     .source(keys)                       // tried first
 *     .source(jwt)                        // then this
 *     .listener(new Slf4jAuditListener())
 *     .build();
 * }</pre>
 */
public final class Latchkey {
  /** Credentials larger than this many UTF-8 bytes are refused before any source sees them. */
  public static final int DEFAULT_MAX_CREDENTIAL_BYTES = 8 * 1024;

  /** The realm named in {@code WWW-Authenticate} unless configured. */
  public static final String DEFAULT_REALM = "latchkey";

  /** The principal attribute holding a key's own allowlist unless configured (as in mcp-data-platform's YAML). */
  public static final String DEFAULT_ALLOWED_IPS_ATTRIBUTE = "allowed_ips";

  private Latchkey() {}

  /**
   * A new builder with the defaults described on each setter.
   *
   * @return a new builder; never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The authenticator a YAML chain configuration declares (see {@link ChainConfiguration}), with
   * {@code ${VAR}} references read from the process environment. Reading YAML needs
   * {@code dev.latchkey:latchkey-keystore-file}; each source type needs its module. For a test
   * environment, a clock or listeners, use {@link ChainConfiguration#load(Path, java.util.Map, Clock)}
   * and build the returned builder yourself.
   *
   * @param file the YAML chain configuration to read
   * @return the configured authenticator, ready to use; never null
   * @throws ConfigurationException listing every problem in the file, each with its line and column
   */
  public static Authenticator fromYaml(Path file) {
    return ChainConfiguration.load(file).build();
  }

  /**
   * Configures an {@link Authenticator}. Not thread-safe; the authenticator it builds is, and does not
   * change when the builder is changed afterwards.
   */
  public static final class Builder {
    private final List<CredentialSource> sources = new ArrayList<>();
    private List<CredentialCarrier> carriers =
        List.of(CredentialCarrier.bearer(), CredentialCarrier.apiKeyHeader());
    private CarrierConflictPolicy carrierConflictPolicy = CarrierConflictPolicy.REJECT;
    private RejectionPolicy rejectionPolicy = RejectionPolicy.STOP;
    private String realm = DEFAULT_REALM;
    private final Map<Reason, String> messages = new EnumMap<>(Reason.class);
    private final List<AuthListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private int maxCredentialBytes = DEFAULT_MAX_CREDENTIAL_BYTES;
    private TrustedProxies trustedProxies = TrustedProxies.none();
    private IpAllowlist allowlist = IpAllowlist.all();
    private String allowedIpsAttribute = DEFAULT_ALLOWED_IPS_ATTRIBUTE;
    private RateLimitPolicy rateLimits;
    private FailedAttemptThrottle throttle;
    private Revocations revocations;
    private ScheduledExecutorService scheduler;

    private Builder() {}

    /**
     * Appends {@code source} to the chain; sources are asked in the order they are added.
     *
     * @param source the source to ask after those already added; never null
     * @return this builder
     */
    public Builder source(CredentialSource source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Where to look for the credential, in order. Default: {@code Authorization: Bearer}, then the
     * {@code X-API-Key} header. Query parameters and Basic are never read unless listed here.
     *
     * @param carriers the carriers to read, in order; at least one, none listed twice
     * @return this builder
     */
    public Builder carriers(CredentialCarrier... carriers) {
      List<CredentialCarrier> list = List.of(carriers);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("at least one credential carrier is required");
      }
      if (new HashSet<>(list).size() != list.size()) {
        throw new IllegalArgumentException("a credential carrier is listed twice: " + list);
      }
      this.carriers = list;
      return this;
    }

    /**
     * What to do with credentials in more than one carrier; {@link CarrierConflictPolicy#REJECT} by default.
     *
     * @param policy the conflict policy; never null
     * @return this builder
     */
    public Builder carrierConflictPolicy(CarrierConflictPolicy policy) {
      this.carrierConflictPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * What a rejection does to the chain; {@link RejectionPolicy#STOP} by default.
     *
     * @param policy the rejection policy; never null
     * @return this builder
     */
    public Builder rejectionPolicy(RejectionPolicy policy) {
      this.rejectionPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The realm in {@code WWW-Authenticate: Bearer realm="…"}; {@value Latchkey#DEFAULT_REALM} by
     * default.
     *
     * @param realm the realm to announce; non-empty printable ASCII
     * @return this builder
     * @throws IllegalArgumentException if it is empty or has characters other than printable ASCII
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("a realm must be non-empty printable ASCII");
      }
      this.realm = realm;
      return this;
    }

    /**
     * Replaces the public message sent for {@code reason} (see {@link Reason#defaultMessage()}).
     *
     * @param reason the reason whose message is replaced; never null
     * @param message the public text sent instead; never null, and never a secret, since clients see it
     * @return this builder
     */
    public Builder message(Reason reason, String message) {
      messages.put(Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Adds a listener for every decision.
     *
     * @param listener the listener to call once per decision; never null
     * @return this builder
     */
    public Builder listener(AuthListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The clock for event times and for counting rate limits and failures; the system UTC clock by default.
     *
     * @param clock the clock to use; never null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest credential, in UTF-8 bytes, that is passed to sources; larger ones are denied with
     * {@link Reason#CREDENTIAL_TOO_LARGE}. {@value Latchkey#DEFAULT_MAX_CREDENTIAL_BYTES} by default.
     *
     * @param maxCredentialBytes the limit in UTF-8 bytes; at least 1
     * @return this builder
     */
    public Builder maxCredentialBytes(int maxCredentialBytes) {
      if (maxCredentialBytes < 1) {
        throw new IllegalArgumentException("maxCredentialBytes must be positive");
      }
      this.maxCredentialBytes = maxCredentialBytes;
      return this;
    }

    /**
     * The reverse proxies whose forwarding headers are believed, to find the real client address; none
     * by default (the client is the socket peer and forwarding headers are ignored).
     *
     * @param trustedProxies the proxies to believe; never null ({@link TrustedProxies#none()} for none)
     * @return this builder
     */
    public Builder trustedProxies(TrustedProxies trustedProxies) {
      this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
      return this;
    }

    /**
     * Which client addresses may call at all; checked before the credential is read, denied with 403
     * {@code Access denied from this IP address}. Everyone by default.
     *
     * @param allowlist the addresses and ranges that may call; never null ({@link IpAllowlist#all()} for
     *     everyone)
     * @return this builder
     */
    public Builder allowlist(IpAllowlist allowlist) {
      this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
      return this;
    }

    /**
     * The principal attribute holding a key's own allowlist (a comma list or a list of addresses and
     * ranges), checked after the key is accepted; {@value Latchkey#DEFAULT_ALLOWED_IPS_ATTRIBUTE} by default.
     * A principal without the attribute is not restricted.
     *
     * @param attribute the principal attribute name; never null
     * @return this builder
     */
    public Builder allowedIpsAttribute(String attribute) {
      this.allowedIpsAttribute = Objects.requireNonNull(attribute, "attribute");
      return this;
    }

    /**
     * Limits authenticated requests (429 with {@code Retry-After}); none by default.
     *
     * @param rateLimits the limits to apply; never null
     * @return this builder
     */
    public Builder rateLimits(RateLimitPolicy rateLimits) {
      this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
      return this;
    }

    /**
     * Limits failed authentications per client address and key prefix; once exhausted, requests are
     * refused with 429 before any source runs. None by default; {@link FailedAttemptThrottle#standard()}
     * is a sound choice.
     *
     * @param throttle the throttle to apply; never null
     * @return this builder
     */
    public Builder failedAttemptThrottle(FailedAttemptThrottle throttle) {
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /**
     * Refuses revoked credentials (401 {@link Reason#REVOKED}): after a source accepted a credential and
     * before the per-key allowlist, a token is checked against revoked {@code jti}s and subjects (when
     * the accepting source {@linkplain CredentialSource#verifiesJwts() verifies JWTs}) and an API key
     * against revoked key ids, in an in-process set without I/O. None by default.
     *
     * <p>The authenticator starts the store's background work if it has any, registers every source
     * that is a {@link dev.latchkey.spi.RevocationListener} with it (so a revocation evicts their caches
     * at once), and on {@link Authenticator#close()} cancels those registrations and closes the store if
     * it is {@link AutoCloseable}.
     *
     * @param revocations the store to consult, such as
     *     {@link dev.latchkey.revocation.InMemoryRevocations#create(java.time.Clock)}; never null
     * @return this builder
     */
    public Builder revocations(Revocations revocations) {
      this.revocations = Objects.requireNonNull(revocations, "revocations");
      return this;
    }

    /**
     * Where sources run their background work (file checks, key refreshes, batched writes). By default
     * each authenticator starts one daemon thread of its own, and only when a source has background
     * work; closing the authenticator stops it. A host that supplies its executor keeps it: closing the
     * authenticator cancels Latchkey's tasks on it and never shuts it down.
     *
     * @param scheduler the host's scheduled executor
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The default message for a request without a credential, naming the carriers actually read:
     * Omnidev's exact text for its two carriers, the same sentence listing the others otherwise.
     */
    static String missingCredentialMessage(List<CredentialCarrier> carriers) {
      if (carriers.size() == 2 && carriers.contains(CredentialCarrier.bearer()) && carriers.contains(CredentialCarrier.apiKeyHeader())) {
        return Reason.MISSING_CREDENTIAL.defaultMessage();
      }
      List<String> ways = new ArrayList<>();
      for (CredentialCarrier carrier : carriers) {
        if (carrier instanceof CredentialCarrier.Header h) {
          ways.add(h.name() + " header");
        } else if (carrier instanceof CredentialCarrier.QueryParameter q) {
          ways.add(q.name() + " query parameter");
        } else if (carrier instanceof CredentialCarrier.BasicPassword) {
          ways.add("Authorization: Basic password");
        } else {
          ways.add("Authorization: Bearer token");
        }
      }
      String list = ways.size() == 1
          ? ways.get(0)
          : String.join(", ", ways.subList(0, ways.size() - 1)) + " or " + ways.get(ways.size() - 1);
      return "API key is required. Provide it via " + list;
    }

    /** The policies, with limits counted on this builder's clock unless a limiter was chosen. */
    private RequestPolicies policies() {
      RateLimiter local = LocalRateLimiter.create(clock);
      return new RequestPolicies(
          trustedProxies,
          allowlist,
          allowedIpsAttribute,
          Optional.ofNullable(rateLimits).map(r -> r.withDefaultLimiter(local)),
          Optional.ofNullable(throttle).map(t -> t.withDefaultLimiter(local)),
          Optional.ofNullable(revocations));
    }

    /**
     * The authenticator. Every source that is a {@link BackgroundSource} is started on the
     * authenticator's background (see {@link #scheduler}).
     *
     * @return the authenticator
     * @throws IllegalStateException if no source was added, or two sources share an id
     */
    public Authenticator build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("no credential source was added; call source(...) first");
      }
      List<String> ids = new ArrayList<>();
      for (CredentialSource source : sources) {
        String id = Objects.requireNonNull(source.id(), "a source's id");
        if (ids.contains(id)) {
          throw new IllegalStateException("two credential sources share the id '" + id + "'");
        }
        ids.add(id);
      }
      // Bearer is the challenge whenever Bearer is read; a Basic-only setup challenges with Basic.
      boolean basicOnly =
          !carriers.contains(CredentialCarrier.bearer()) && carriers.contains(CredentialCarrier.basicPassword());
      Map<Reason, String> allMessages = new EnumMap<>(Reason.class);
      for (Reason reason : Reason.values()) {
        allMessages.put(reason, messages.getOrDefault(reason, reason.defaultMessage()));
      }
      if (!messages.containsKey(Reason.MISSING_CREDENTIAL)) {
        allMessages.put(Reason.MISSING_CREDENTIAL, missingCredentialMessage(carriers));
      }
      BackgroundScheduler background =
          scheduler == null ? BackgroundScheduler.start(clock) : BackgroundScheduler.on(scheduler, clock);
      for (CredentialSource source : sources) {
        if (source instanceof BackgroundSource withWork) {
          withWork.start(background);
        }
      }
      if (revocations instanceof BackgroundSource withWork) {
        withWork.start(background);
      }
      return new ChainAuthenticator(
          List.copyOf(sources),
          List.copyOf(ids),
          new CredentialExtractor(carriers, carrierConflictPolicy, maxCredentialBytes),
          rejectionPolicy,
          basicOnly ? "Basic" : "Bearer",
          realm,
          allMessages,
          List.copyOf(listeners),
          clock,
          policies(),
          background);
    }
  }
}
