package dev.latchkey.config;

import dev.latchkey.CarrierConflictPolicy;
import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.CredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Reason;
import dev.latchkey.RejectionPolicy;
import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.IpAllowlist;
import dev.latchkey.policy.RateLimit;
import dev.latchkey.policy.RateLimitPolicy;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.policy.TrustedProxies;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a chain configuration: one file that declares an {@link dev.latchkey.Authenticator}: its
 * realm, where credentials are read from and in which order, the ordered credential sources (each
 * made by the {@link CredentialSourceFactory} of its {@code type}), the request policies and the
 * public messages.
 *
 * <pre>{@code
 * realm: api
 * carriers: [bearer, x-api-key]
 * sources:
 *   - type: env
 *     layouts: [omnidev]
 *   - type: jwt
 *     issuers:
 *       - issuer: https://auth.example.com
 *         jwks_url: https://auth.example.com/.well-known/jwks.json
 *         audiences: [api]
 * policies:
 *   trusted_proxies: [10.0.0.0/8]
 *   rate_limits: {limit: {permits: 100, period: 1h}}
 * messages:
 *   invalid_credential: Unknown API key
 * }</pre>
 *
 * <p>The settings may also sit under a top-level {@code latchkey:} key, so they can share a file such
 * as {@code application.yml}; the rest of that file is then ignored. The JSON Schema of the format is
 * published as {@code dev/latchkey/keystore/file/latchkey-config.schema.json} in
 * {@code latchkey-keystore-file}.
 *
 * <p>Every problem in the file is reported at once, in one {@link ConfigurationException}, each with its
 * line, column and key path, and never with a configured value. A source type whose module is not
 * on the class path is reported with the artifact to add. Sources already built when a load fails
 * are closed if they are {@link AutoCloseable}.
 *
 * <p>{@code policies.rate_limits.backend} and {@code policies.failed_attempts.backend} choose where
 * those policies count ({@code {type: redis, url: ${REDIS_URL}, …}}), made by the
 * {@link RateLimiterFactory} of the type; without one they count in this process. A backend type whose
 * module is missing is reported with the artifact to add. The top-level {@code revocations} section
 * ({@code {type: memory}}, or {@code {type: redis, url: ${REDIS_URL}, …}} shared by every instance)
 * chooses the {@link dev.latchkey.revocation.Revocations} store, made by the {@link RevocationsFactory}
 * of the type. Stateless and thread-safe.
 */
public final class ChainConfiguration {
  /** The artifact that provides each source type Latchkey knows, for the "add this dependency" message. */
  private static final Map<String, String> ARTIFACTS = Map.of(
      "in-memory", "dev.latchkey:latchkey-core",
      "env", "dev.latchkey:latchkey-keystore-env",
      "yaml-keys", "dev.latchkey:latchkey-keystore-file",
      "file-store", "dev.latchkey:latchkey-keystore-file",
      "omnidev-file", "dev.latchkey:latchkey-keystore-file",
      "jwt", "dev.latchkey:latchkey-jwt");

  /** The artifact that provides each counting backend Latchkey knows. */
  private static final Map<String, String> BACKEND_ARTIFACTS = Map.of("redis", "dev.latchkey:latchkey-redis");

  /** The artifact that provides each revocation store Latchkey knows. */
  private static final Map<String, String> REVOCATION_ARTIFACTS =
      Map.of("memory", "dev.latchkey:latchkey-core", "redis", "dev.latchkey:latchkey-redis");

  private static final Map<String, RateLimitPolicy.Scope> SCOPES = Map.of(
      "principal", RateLimitPolicy.Scope.PRINCIPAL,
      "credential", RateLimitPolicy.Scope.CREDENTIAL,
      "client_address", RateLimitPolicy.Scope.CLIENT_ADDRESS);

  private ChainConfiguration() {}

  /**
   * Reads {@code file} with the process environment and the system UTC clock.
   *
   * @param file the chain configuration file
   * @return a builder holding everything the file declares; add listeners and call {@code build()}
   * @throws ConfigurationException listing every problem in the file
   */
  public static Latchkey.Builder load(Path file) {
    return load(file, System.getenv(), Clock.systemUTC());
  }

  /**
   * Reads {@code file}, expanding {@code ${VAR}} from {@code environment}; every source and the chain
   * run on {@code clock}.
   *
   * @param file the chain configuration file
   * @param environment the variables {@code ${VAR}} references expand to
   * @param clock the clock every source and the chain run on
   * @return a builder holding everything the file declares; add listeners and call {@code build()}
   * @throws ConfigurationException listing every problem in the file, or if no reader for its format
   *     is on the class path
   */
  public static Latchkey.Builder load(Path file, Map<String, String> environment, Clock clock) {
    Objects.requireNonNull(file, "file");
    ConfigNode.Mapping document = reader(file).read(file, environment);
    Path directory = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
    return configure(document, directory, environment, clock);
  }

  /**
   * Reads {@code file} as {@link #load(Path, Map, Clock)} does and also tries every counting backend and
   * revocation store it names (a Redis server), reporting one that cannot be reached as a problem at its {@code backend}
   * setting, by host and port only. For {@code latchkey config validate}; an application loads with
   * {@link #load}, which never waits on a backend (an outage is handled as the backend documents).
   *
   * @param file the configuration file
   * @param environment the variables {@code ${VAR}} references are expanded from
   * @param clock the clock of the chain and every source
   * @return a builder holding everything the file declares
   * @throws ConfigurationException listing every problem in the file, unreachable backends among them
   */
  public static Latchkey.Builder validate(Path file, Map<String, String> environment, Clock clock) {
    Objects.requireNonNull(file, "file");
    ConfigNode.Mapping document = reader(file).read(file, environment);
    Path directory = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
    return configure(document, directory, environment, clock, factories(), backendFactories(), true);
  }

  /**
   * Configures a chain from a document already read (by any {@link ConfigFileReader}, or built in code).
   *
   * @param document the document's top-level mapping
   * @param directory the directory relative file names are resolved against
   * @param environment the variables sources may read (the {@code env} source reads its keys from them)
   * @param clock the clock of the chain and every source
   * @return a builder holding everything the document declares
   * @throws ConfigurationException listing every problem in the document
   */
  public static Latchkey.Builder configure(
      ConfigNode.Mapping document, Path directory, Map<String, String> environment, Clock clock) {
    return configure(document, directory, environment, clock, factories());
  }

  /** As the public {@code configure}, with the factories given instead of those on the class path. */
  static Latchkey.Builder configure(ConfigNode.Mapping document, Path directory, Map<String, String> environment,
      Clock clock, Map<String, CredentialSourceFactory> factories) {
    return configure(document, directory, environment, clock, factories, backendFactories(), false);
  }

  /** As the public {@code configure}, with the factories given and, if asked, every backend tried. */
  static Latchkey.Builder configure(ConfigNode.Mapping document, Path directory, Map<String, String> environment,
      Clock clock, Map<String, CredentialSourceFactory> factories, Map<String, RateLimiterFactory> backends,
      boolean checkReachable) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(clock, "clock");
    Settings root = Settings.of(document, directory);
    Settings chain = root.has("latchkey") ? root.section("latchkey").orElse(root) : root;
    Latchkey.Builder builder = Latchkey.builder().clock(clock);
    chain.text("realm").ifPresent(realm -> {
      if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        chain.problem("realm", "must be non-empty printable ASCII");
      } else {
        builder.realm(realm);
      }
    });
    carriers(chain).ifPresent(c -> builder.carriers(c.toArray(new CredentialCarrier[0])));
    chain.choice("carrier_conflict", "reject", "first_in_order").ifPresent(c ->
        builder.carrierConflictPolicy(c.equals("reject") ? CarrierConflictPolicy.REJECT : CarrierConflictPolicy.FIRST_IN_ORDER));
    chain.choice("on_reject", "stop", "continue").ifPresent(c ->
        builder.rejectionPolicy(c.equals("stop") ? RejectionPolicy.STOP : RejectionPolicy.CONTINUE));
    chain.number("max_credential_bytes", 16, 1 << 20).ifPresent(n -> builder.maxCredentialBytes(n.intValue()));
    List<CredentialSource> sources = sources(chain, environment, clock, factories);
    sources.forEach(builder::source);
    List<Object> built = new ArrayList<>();
    Backends counting = new Backends(backends, environment, clock, checkReachable, built);
    chain.section("policies").ifPresent(p -> policies(p, builder, counting));
    chain.section("revocations").ifPresent(r -> revocations(r, builder, environment, clock, checkReachable, built));
    chain.section("messages").ifPresent(m -> messages(m, builder));
    chain.reportUnread();
    if (root.problemCount() > 0) {
      sources.forEach(ChainConfiguration::closeQuietly);
      built.forEach(ChainConfiguration::closeQuietly);
      root.throwIfProblems();
    }
    return builder;
  }

  /** Stops a source or limiter built before the load failed, if it holds resources (a thread, a connection). */
  private static void closeQuietly(Object built) {
    if (built instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Nothing more can be done for a source that was never handed out.
      }
    }
  }

  /**
   * The source types whose factories are on the class path, sorted.
   *
   * @return the type names, sorted; a new set on each call
   */
  public static Set<String> availableTypes() {
    return new TreeSet<>(factories().keySet());
  }

  private static ConfigFileReader reader(Path file) {
    for (ConfigFileReader reader : ServiceLoader.load(ConfigFileReader.class, ChainConfiguration.class.getClassLoader())) {
      if (reader.format().equals("yaml")) {
        return reader;
      }
    }
    throw new ConfigurationException(new Problem(file.toString(), 0, 0, "",
        "reading a YAML configuration needs dev.latchkey:latchkey-keystore-file on the class path or module path"));
  }

  private static Map<String, RateLimiterFactory> backendFactories() {
    Map<String, RateLimiterFactory> byType = new HashMap<>();
    for (RateLimiterFactory f : ServiceLoader.load(RateLimiterFactory.class, ChainConfiguration.class.getClassLoader())) {
      byType.putIfAbsent(f.type(), f);
    }
    return byType;
  }

  private static Map<String, CredentialSourceFactory> factories() {
    Map<String, CredentialSourceFactory> byType = new HashMap<>();
    for (CredentialSourceFactory f : ServiceLoader.load(CredentialSourceFactory.class, ChainConfiguration.class.getClassLoader())) {
      byType.putIfAbsent(f.type(), f);
    }
    return byType;
  }

  private static List<CredentialSource> sources(
      Settings chain, Map<String, String> environment, Clock clock, Map<String, CredentialSourceFactory> factories) {
    if (!chain.has("sources")) {
      chain.problem("sources", "is required: list at least one credential source");
      return List.of();
    }
    List<Settings> sections = chain.sections("sources");
    if (sections.isEmpty() && chain.problemCount() == 0) {
      chain.problem("sources", "must list at least one credential source");
    }
    Map<String, Settings> ids = new HashMap<>();
    List<CredentialSource> sources = new ArrayList<>();
    for (Settings section : sections) {
      Optional<String> type = section.requiredText("type");
      Optional<String> id = section.text("id").or(() -> type);
      if (type.isEmpty()) {
        section.ignoreUnread();
        continue;
      }
      CredentialSourceFactory factory = factories.get(type.get());
      if (factory == null) {
        String artifact = ARTIFACTS.get(type.get());
        section.problem("type", artifact == null
            ? "is not a known source type (known: " + String.join(", ", new TreeSet<>(ARTIFACTS.keySet())) + ")"
            : "'" + type.get() + "' sources need " + artifact + " on the class path or module path");
        section.ignoreUnread();
        continue;
      }
      if (id.get().isBlank()) {
        section.problem("id", "must not be blank");
        continue;
      }
      Settings first = ids.putIfAbsent(id.get(), section);
      if (first != null) {
        section.problem(section.has("id") ? "id" : "type", "gives the source the same id as " + first.keyPath()
            + " (on line " + first.location().line() + "); give one of them another id");
      }
      Optional<CredentialSource> source = contained(section,
          () -> factory.create(section, new CredentialSourceFactory.Context(id.get(), clock, environment, chain.directory())));
      section.reportUnread();
      source.ifPresent(sources::add);
    }
    return sources;
  }

  private static Optional<List<CredentialCarrier>> carriers(Settings chain) {
    Optional<ConfigNode> node = chain.node("carriers");
    if (node.isEmpty() || node.get() instanceof ConfigNode.Empty) {
      return Optional.empty();
    }
    if (!(node.get() instanceof ConfigNode.Sequence sequence) || sequence.items().isEmpty()) {
      chain.problem("carriers", "must be a non-empty list such as [bearer, x-api-key]");
      return Optional.empty();
    }
    int before = chain.problemCount();
    List<CredentialCarrier> carriers = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      Optional<CredentialCarrier> carrier = carrier(sequence.items().get(i));
      if (carrier.isEmpty()) {
        chain.problem("carriers", i,
            "must be bearer, basic, x-api-key, {header: <name>} or {query: <name>}, with a valid name");
      } else if (carriers.contains(carrier.get())) {
        chain.problem("carriers", i, "lists a carrier already listed");
      } else {
        carriers.add(carrier.get());
      }
    }
    return chain.problemCount() > before ? Optional.empty() : Optional.of(carriers);
  }

  private static Optional<CredentialCarrier> carrier(ConfigNode item) {
    if (item instanceof ConfigNode.Scalar scalar) {
      switch (scalar.value()) {
        case "bearer":
          return Optional.of(CredentialCarrier.bearer());
        case "basic":
          return Optional.of(CredentialCarrier.basicPassword());
        case "x-api-key":
          return Optional.of(CredentialCarrier.apiKeyHeader());
        default:
          return Optional.empty();
      }
    }
    if (item instanceof ConfigNode.Mapping mapping && mapping.fields().size() == 1
        && mapping.fields().get(0).value() instanceof ConfigNode.Scalar name) {
      try {
        switch (mapping.fields().get(0).name()) {
          case "header":
            return Optional.of(CredentialCarrier.header(name.value()));
          case "query":
            return Optional.of(CredentialCarrier.queryParameter(name.value()));
          default:
            return Optional.empty();
        }
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static void policies(Settings policies, Latchkey.Builder builder, Backends counting) {
    List<String> proxies = policies.addresses("trusted_proxies");
    Optional<String> header = policies.choice("client_address_header", "x-forwarded-for", "forwarded", "x-real-ip");
    if (!proxies.isEmpty()) {
      TrustedProxies trusted = TrustedProxies.of(proxies);
      if (header.filter("forwarded"::equals).isPresent()) {
        trusted = trusted.withForwardedHeader();
      } else if (header.filter("x-real-ip"::equals).isPresent()) {
        trusted = trusted.withXRealIp();
      }
      builder.trustedProxies(trusted);
    } else if (header.isPresent() && !policies.has("trusted_proxies")) {
      policies.problem("client_address_header", "has no effect without trusted_proxies");
    }
    List<String> allowed = policies.addresses("ip_allowlist");
    if (!allowed.isEmpty()) {
      builder.allowlist(IpAllowlist.of(allowed));
    }
    policies.text("allowed_ips_attribute").ifPresent(builder::allowedIpsAttribute);
    policies.section("rate_limits").ifPresent(section -> {
      Optional<RateLimitPolicy> limits = rateLimits(section);
      Optional<RateLimiter> backend = counting.limiter(section, "rate_limits");
      limits.map(l -> backend.map(l::countedBy).orElse(l)).ifPresent(builder::rateLimits);
    });
    policies.section("failed_attempts").ifPresent(section -> {
      Optional<FailedAttemptThrottle> throttle = throttle(section);
      Optional<RateLimiter> backend = counting.limiter(section, "failed_attempts");
      throttle.map(t -> backend.map(t::countedBy).orElse(t)).ifPresent(builder::failedAttemptThrottle);
    });
  }

  /**
   * Makes the limiters that {@code backend} sections name, remembering each so a failed load can close it.
   *
   * @param factories the backend factories by type
   * @param environment the variables the configuration was expanded with
   * @param clock the chain's clock
   * @param checkReachable whether each backend is tried now
   * @param built every limiter and store made so far
   */
  private record Backends(Map<String, RateLimiterFactory> factories, Map<String, String> environment, Clock clock,
      boolean checkReachable, List<Object> built) {

    /** The limiter {@code policy}'s {@code backend} section names, or empty for none (count in this process). */
    Optional<RateLimiter> limiter(Settings policy, String purpose) {
      Optional<Settings> section = policy.section("backend");
      if (section.isEmpty()) {
        return Optional.empty();
      }
      RateLimiterFactory.Context context = new RateLimiterFactory.Context(purpose, clock, environment, checkReachable);
      return made(section.get(), factories, BACKEND_ARTIFACTS, "backend", f -> f.create(section.get(), context), built);
    }
  }

  /** {@code revocations: {type: memory | redis, …}}: the store revoked credentials are refused from. */
  private static void revocations(Settings section, Latchkey.Builder builder, Map<String, String> environment, Clock clock,
      boolean checkReachable, List<Object> built) {
    Map<String, RevocationsFactory> factories = new HashMap<>();
    for (RevocationsFactory f : ServiceLoader.load(RevocationsFactory.class, ChainConfiguration.class.getClassLoader())) {
      factories.putIfAbsent(f.type(), f);
    }
    RevocationsFactory.Context context = new RevocationsFactory.Context(clock, environment, checkReachable);
    made(section, factories, REVOCATION_ARTIFACTS, "revocation store", f -> f.create(section, context), built)
        .ifPresent(builder::revocations);
  }

  /**
   * What the factory of {@code section}'s {@code type} makes, remembered in {@code built}; empty, with the
   * problem recorded, if the type is missing or unknown or the factory could not make it.
   */
  private static <F, T> Optional<T> made(Settings section, Map<String, F> factories, Map<String, String> artifacts,
      String what, java.util.function.Function<F, Optional<T>> create, List<Object> built) {
    Optional<String> type = section.requiredText("type");
    if (type.isEmpty()) {
      section.ignoreUnread();
      return Optional.empty();
    }
    F factory = factories.get(type.get());
    if (factory == null) {
      String artifact = artifacts.get(type.get());
      section.problem("type", artifact == null
          ? "is not a known " + what + " type (known: " + String.join(", ", new TreeSet<>(artifacts.keySet())) + ")"
          : "'" + type.get() + "' " + what + "s need " + artifact + " on the class path or module path");
      section.ignoreUnread();
      return Optional.empty();
    }
    Optional<T> made = contained(section, () -> create.apply(factory));
    section.reportUnread();
    made.ifPresent(built::add);
    return made;
  }

  /**
   * What a factory made of {@code section}; empty, with the problems recorded there, if it reported
   * problems or threw.
   */
  private static <T> Optional<T> contained(Settings section, java.util.function.Supplier<Optional<T>> create) {
    try {
      return create.get();
    } catch (ConfigurationException e) {
      section.problems(e.problems());
      return Optional.empty();
    } catch (RuntimeException e) {
      // The exception's message might quote a configured value (a URL with its password): only its type.
      section.problem("could not be built (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  private static Optional<RateLimitPolicy> rateLimits(Settings section) {
    Optional<RateLimit> limit = section.requiredSection("limit").flatMap(ChainConfiguration::rateLimit);
    Optional<RateLimitPolicy.Scope> scope = section.choice("per", "principal", "credential", "client_address").map(SCOPES::get);
    Map<String, RateLimit> roles = limitsByName(section, "roles");
    Map<String, RateLimit> credentials = limitsByName(section, "credentials");
    if (limit.isEmpty()) {
      return Optional.empty();
    }
    RateLimitPolicy policy = RateLimitPolicy.perPrincipal(limit.get());
    if (scope.isPresent()) {
      policy = policy.per(scope.get());
    }
    for (Map.Entry<String, RateLimit> e : roles.entrySet()) {
      policy = policy.forRole(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, RateLimit> e : credentials.entrySet()) {
      policy = policy.forCredential(e.getKey(), e.getValue());
    }
    return Optional.of(policy);
  }

  private static Map<String, RateLimit> limitsByName(Settings section, String name) {
    Map<String, RateLimit> limits = new LinkedHashMap<>();
    section.section(name).ifPresent(byName -> {
      for (String key : byName.names()) {
        byName.requiredSection(key).flatMap(ChainConfiguration::rateLimit).ifPresent(l -> limits.put(key, l));
      }
    });
    return limits;
  }

  /** {@code {permits: 100, period: 1h, algorithm: fixed_window | token_bucket, burst: 20}}. */
  private static Optional<RateLimit> rateLimit(Settings section) {
    Optional<Long> permits = section.number("permits", 1, Long.MAX_VALUE);
    if (!section.has("permits")) {
      section.problem("permits", "is required");
    }
    Optional<Duration> period = section.duration("period");
    if (!section.has("period")) {
      section.problem("period", "is required");
    }
    String algorithm = section.choice("algorithm", "fixed_window", "token_bucket").orElse("fixed_window");
    Optional<Long> burst = section.number("burst", 1, Long.MAX_VALUE);
    if (burst.isPresent() && algorithm.equals("fixed_window")) {
      section.problem("burst", "applies to the token_bucket algorithm only");
    }
    if (permits.isEmpty() || period.isEmpty()) {
      return Optional.empty();
    }
    if (period.get().compareTo(Duration.ofDays(366)) > 0) {
      section.problem("period", "must be at most a year");
      return Optional.empty();
    }
    return Optional.of(algorithm.equals("token_bucket")
        ? RateLimit.tokenBucket(permits.get(), period.get(), burst.orElse(permits.get()))
        : RateLimit.fixedWindow(permits.get(), period.get()));
  }

  /** {@code {per_client_address: {…}, per_network: {…}, per_key_prefix: {length: 12, permits: …, period: …}}}. */
  private static Optional<FailedAttemptThrottle> throttle(Settings section) {
    Optional<RateLimit> perAddress = section.section("per_client_address").flatMap(ChainConfiguration::rateLimit);
    boolean addressBroken = section.has("per_client_address") && perAddress.isEmpty();
    Optional<RateLimit> perNetwork = section.section("per_network").flatMap(ChainConfiguration::rateLimit);
    boolean networkBroken = section.has("per_network") && perNetwork.isEmpty();
    Optional<Settings> prefix = section.section("per_key_prefix");
    Optional<Long> length = prefix.flatMap(p -> {
      if (!p.has("length")) {
        p.problem("length", "is required");
      }
      return p.number("length", 1, 64);
    });
    Optional<RateLimit> perPrefix = prefix.flatMap(ChainConfiguration::rateLimit);
    if (addressBroken || networkBroken || (prefix.isPresent() && (length.isEmpty() || perPrefix.isEmpty()))) {
      return Optional.empty();
    }
    FailedAttemptThrottle throttle =
        perAddress.map(FailedAttemptThrottle::perClientAddress).orElseGet(FailedAttemptThrottle::standard);
    if (perNetwork.isPresent()) {
      throttle = throttle.andPerNetwork(perNetwork.get());
    }
    if (perPrefix.isPresent()) {
      throttle = throttle.andPerKeyPrefix(length.get().intValue(), perPrefix.get());
    }
    return Optional.of(throttle);
  }

  private static void messages(Settings messages, Latchkey.Builder builder) {
    for (String name : messages.names()) {
      Reason reason;
      try {
        reason = Reason.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        messages.node(name);
        List<String> reasons = java.util.Arrays.stream(Reason.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
        String hint = Settings.didYouMean(name, reasons);
        messages.problem(name, "is not a denial reason" + (hint.isEmpty() ? " (such as invalid_credential, expired, rate_limited)" : hint));
        continue;
      }
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        messages.node(name);
        messages.problem(name, "reason names are written in lower case, such as invalid_credential");
        continue;
      }
      messages.requiredText(name).ifPresent(text -> {
        if (text.isBlank()) {
          messages.problem(name, "must not be blank");
        } else {
          builder.message(reason, text);
        }
      });
    }
  }
}
