package dev.latchkey;

import dev.latchkey.internal.CredentialRules;
import dev.latchkey.policy.FailedAttemptThrottle;
import dev.latchkey.policy.RateLimiter;
import dev.latchkey.revocation.Revocations;
import dev.latchkey.spi.RevocationListener;
import dev.latchkey.spi.BackgroundScheduler;
import dev.latchkey.spi.HealthReporting;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Authenticator} {@link Latchkey.Builder} builds: extraction, then the ordered chain of
 * sources, then listeners. Immutable and thread-safe.
 *
 * <p>Containment: whatever a source, a listener or the host's {@link AuthRequest} throws (exceptions,
 * errors such as {@link StackOverflowError}, sneaky checked exceptions) is contained; only fatal JVM
 * errors ({@link VirtualMachineError} other than stack overflow) propagate. Failures are described by
 * class names only, since messages may quote the credential in any encoding.
 */
final class ChainAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  private static final int MAX_CAUSES_DESCRIBED = 5;
  /** The health component of the rate limits' counter. */
  static final String RATE_LIMITS = "policies.rate_limits";
  /** The health component of the failed-attempt throttle's counter. */
  static final String FAILED_ATTEMPTS = "policies.failed_attempts";
  /** The health component of the revocation store. */
  static final String REVOCATIONS = "revocations";

  private final List<CredentialSource> sources;
  private final List<String> sourceIds;
  /** Whether a source verifies JWTs, so that a JWT-shaped credential nobody recognised is an invalid token. */
  private final boolean verifiesJwts;
  private final CredentialExtractor extractor;
  private final RejectionPolicy rejectionPolicy;
  private final Map<Reason, String> messages;
  /** The headers of each denial, by reason ordinal. */
  private final DeniedHeaders[] deniedHeaders;
  private final List<AuthListener> listeners;
  /** Whether a listener may read events' credential fingerprints, so that events need them. */
  private final boolean fingerprintEvents;
  private final EventClock eventClock;
  private final RequestPolicies policies;
  private final BackgroundScheduler background;
  /** The ids of the sources that verify JWTs: what they accept is checked as a token, the rest as keys. */
  private final Set<String> tokenSourceIds;
  /** The sources' registrations with the revocation store, cancelled on close. */
  private final List<Revocations.Registration> revocationListeners = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  ChainAuthenticator(
      List<CredentialSource> sources,
      List<String> sourceIds,
      CredentialExtractor extractor,
      RejectionPolicy rejectionPolicy,
      String challengeScheme,
      String realm,
      Map<Reason, String> messages,
      List<AuthListener> listeners,
      Clock clock,
      RequestPolicies policies,
      BackgroundScheduler background) {
    this.sources = sources;
    this.sourceIds = sourceIds;
    this.verifiesJwts = sources.stream().anyMatch(CredentialSource::verifiesJwts);
    this.extractor = extractor;
    this.rejectionPolicy = rejectionPolicy;
    this.messages = messages;
    this.deniedHeaders = deniedHeaders(challengeScheme, realm);
    this.listeners = listeners;
    this.fingerprintEvents = listeners.stream().anyMatch(ChainAuthenticator::readsFingerprint);
    this.eventClock = new EventClock(clock);
    this.policies = policies;
    this.background = background;
    Set<String> tokenSources = new java.util.HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).verifiesJwts()) {
        tokenSources.add(sourceIds.get(i));
      }
    }
    this.tokenSourceIds = Set.copyOf(tokenSources);
    policies.revocations.ifPresent(store -> {
      for (CredentialSource source : new java.util.LinkedHashSet<>(sources)) {
        if (source instanceof RevocationListener listener) {
          revocationListeners.add(store.listen(listener));
        }
      }
    });
  }

  @Override
  public AuthResult authenticate(AuthRequest request) {
    long started = System.nanoTime();
    Decision decision;
    try {
      decision = decide(request);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      // A bug in Latchkey or in the host's AuthRequest view: fail closed, never throw to the host.
      LOG.error("authentication failed unexpectedly: {}", describe(t));
      AuthTrace trace = new AuthTrace(Optional.empty(), null, "not completed", List.of());
      decision = new Decision(denied(Reason.INTERNAL_ERROR, false, trace), null, null, Optional.empty());
    }
    if (!listeners.isEmpty()) {
      long ended = System.nanoTime();
      publish(decision, ended - started, ended);
    }
    return decision.result();
  }

  /** The result, plus what the event needs: the credential, the deciding source and the client. */
  private record Decision(
      AuthResult result, Credential credential, String decidingSource, Optional<InetAddress> client) {}

  private Decision decide(AuthRequest request) {
    // 1. Who the client is, and 2. whether it may call at all.
    Optional<InetAddress> client = resolveClient(request);
    if (!policies.allowlist.allows(client)) {
      AuthTrace trace = new AuthTrace(Optional.empty(), null, "not read: client address not allowed", List.of());
      return new Decision(denied(Reason.IP_NOT_ALLOWED, false, trace), null, null, client);
    }
    // 3. The credential.
    CredentialExtractor.Extraction extraction = extractor.extract(request);
    if (extraction instanceof CredentialExtractor.Missing) {
      AuthTrace trace = new AuthTrace(Optional.empty(), null, "none found", List.of());
      return new Decision(denied(Reason.MISSING_CREDENTIAL, false, trace), null, null, client);
    }
    if (extraction instanceof CredentialExtractor.Refused refused) {
      policies.throttle.ifPresent(t -> t.recordMalformed(client));
      AuthTrace trace = new AuthTrace(Optional.empty(), null, "refused: " + refused.detail(), List.of());
      return new Decision(denied(refused.reason(), true, trace), null, null, client);
    }
    Credential credential = ((CredentialExtractor.Found) extraction).credential();
    String found = "found in " + credential.carrier().describe();
    if (policies.throttle.isEmpty()) {
      return judge(credential, found, client);
    }
    // Too many failures from this client (or for this key prefix): refused before any hashing. The
    // attempt holds its permits while the sources run, so concurrent guesses cannot slip past.
    FailedAttemptThrottle.Attempt attempt = policies.throttle.get().begin(client, credential.secret());
    if (!attempt.decision().allowed()) {
      AuthTrace trace = trace(credential, found + "; not checked: too many failed attempts", List.of());
      return new Decision(
          denied(Reason.TOO_MANY_FAILED_ATTEMPTS, true, trace, attempt.decision().retryAfter()), credential, null, client);
    }
    Decision decision = null;
    try {
      decision = judge(credential, found, client);
      return decision;
    } finally {
      if (decision != null && decision.result() instanceof AuthResult.Denied denied && isCredentialFailure(denied.reason())) {
        attempt.finish(denied.reason());
      } else {
        attempt.succeeded();
      }
    }
  }

  /** Whether {@code listener} reads fingerprints; one that cannot say is taken to. */
  private static boolean readsFingerprint(AuthListener listener) {
    try {
      return listener.readsCredentialFingerprint();
    } catch (RuntimeException e) {
      LOG.warn("auth listener {} failed to say what it reads: {}", listener.getClass().getName(), describe(e));
      return true;
    }
  }

  /** A denial that judged the credential itself (not an address, a rate limit or an outage). */
  private static boolean isCredentialFailure(Reason reason) {
    return reason.judgesCredential() && reason != Reason.IP_NOT_ALLOWED;
  }

  @Override
  public Optional<Revocations> revocations() {
    return policies.revocations;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Background work first, so no task runs against a source that is closing.
    background.close();
    revocationListeners.forEach(Revocations.Registration::cancel);
    for (CredentialSource source : new java.util.LinkedHashSet<>(sources)) {
      if (source instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception | LinkageError e) {
          LOG.warn("closing source '{}' failed: {}", source.id(), describe(e));
        }
      }
    }
    // Limiters that hold connections (a shared counter) belong to this authenticator, as its sources do.
    java.util.Set<Object> limiters = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    policies.rateLimits.flatMap(dev.latchkey.policy.RateLimitPolicy::limiter).ifPresent(limiters::add);
    policies.throttle.flatMap(dev.latchkey.policy.FailedAttemptThrottle::limiter).ifPresent(limiters::add);
    for (Object limiter : limiters) {
      closeQuietly(limiter, "rate limiter");
    }
    policies.revocations.ifPresent(store -> closeQuietly(store, "revocation store"));
  }

  /** Closes a limiter or store this authenticator was handed, if it holds resources. */
  private static void closeQuietly(Object owned, String what) {
    if (owned instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception | LinkageError e) {
        LOG.warn("closing {} {} failed: {}", what, owned.getClass().getSimpleName(), describe(e));
      }
    }
  }

  @Override
  public Health health() {
    Map<String, Health> components = new java.util.LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      components.put(sourceIds.get(i), healthOf(sources.get(i), sourceIds.get(i)));
    }
    policies.rateLimits.flatMap(dev.latchkey.policy.RateLimitPolicy::limiter)
        .ifPresent(limiter -> components.put(RATE_LIMITS, healthOf(limiter, RATE_LIMITS)));
    policies.throttle.flatMap(dev.latchkey.policy.FailedAttemptThrottle::limiter)
        .ifPresent(limiter -> components.put(FAILED_ATTEMPTS, healthOf(limiter, FAILED_ATTEMPTS)));
    policies.revocations.ifPresent(store -> components.put(REVOCATIONS, healthOf(store, REVOCATIONS)));
    return Health.aggregate(components);
  }

  /** What {@code part} reports, {@code UP} if it reports nothing, {@code DOWN} if its report fails. */
  private static Health healthOf(Object part, String name) {
    if (!(part instanceof HealthReporting reporting)) {
      return Health.up();
    }
    try {
      return java.util.Objects.requireNonNull(reporting.health(), "health");
    } catch (Throwable t) {
      rethrowIfFatal(t);
      LOG.warn("the health of '{}' could not be read: {}", name, describe(t));
      return Health.of(Health.Status.DOWN, Map.of("error", "health report failed (" + describe(t) + ")"));
    }
  }

  /** The sources, then the per-principal allowlist and the rate limit. */
  private Decision judge(Credential credential, String found, Optional<InetAddress> client) {
    Decision chain = askSources(credential, found, client);
    return chain.result() instanceof AuthResult.Authenticated ok ? admitted(ok, chain) : chain;
  }

  /** The store's answer; a store that throws or answers null cannot vouch for the principal (fail closed). */
  private static Revocations.Status checkRevoked(Revocations store, Principal principal, Revocations.Kind kind) {
    try {
      Revocations.Status status = store.check(principal, kind);
      return status == null ? Revocations.Status.UNKNOWN : status;
    } catch (Throwable t) {
      rethrowIfFatal(t);
      LOG.warn("the revocation store failed; the request is refused: {}", describe(t));
      return Revocations.Status.UNKNOWN;
    }
  }

  /** The client's address through the trusted proxies; unknown if the host's view cannot give it. */
  private Optional<InetAddress> resolveClient(AuthRequest request) {
    try {
      Optional<InetAddress> client = policies.trustedProxies.clientAddress(request);
      return client == null ? Optional.empty() : client;
    } catch (Throwable t) {
      rethrowIfFatal(t);
      LOG.debug("the request's address could not be read: {}", describe(t));
      return Optional.empty();
    }
  }

  /** The revocation check, the per-principal allowlist and the rate limit, for a request the sources accepted. */
  private Decision admitted(AuthResult.Authenticated ok, Decision chain) {
    Principal principal = ok.principal();
    if (policies.revocations.isPresent()) {
      Revocations.Kind kind = tokenSourceIds.contains(chain.decidingSource()) ? Revocations.Kind.TOKEN : Revocations.Kind.KEY;
      Revocations.Status status = checkRevoked(policies.revocations.get(), principal, kind);
      if (status != Revocations.Status.NOT_REVOKED) {
        Reason reason = status == Revocations.Status.REVOKED ? Reason.REVOKED : Reason.SOURCE_UNAVAILABLE;
        return new Decision(denied(reason, true, ok.trace()), chain.credential(), chain.decidingSource(), chain.client());
      }
    }
    if (!policies.principalAllows(principal, chain.client())) {
      return new Decision(denied(Reason.IP_NOT_ALLOWED, true, ok.trace()), chain.credential(), chain.decidingSource(), chain.client());
    }
    if (policies.rateLimits.isPresent()) {
      RateLimiter.Decision limit = policies.rateLimits.get().acquire(principal, chain.client());
      if (!limit.allowed()) {
        return new Decision(
            denied(Reason.RATE_LIMITED, true, ok.trace(), limit.retryAfter()), chain.credential(), chain.decidingSource(), chain.client());
      }
    }
    return chain;
  }

  private Decision askSources(Credential credential, String found, Optional<InetAddress> client) {
    List<AuthTrace.SourceStep> steps = new ArrayList<>(sources.size());
    Verdict.Reject firstReject = null;
    String rejectingSource = null;
    boolean anyUnavailable = false;
    for (int i = 0; i < sources.size(); i++) {
      String sourceId = sourceIds.get(i);
      Verdict verdict = ask(sources.get(i), sourceId, credential);
      steps.add(new AuthTrace.SourceStep(sourceId, verdict));
      if (verdict instanceof Verdict.Accept accept) {
        AuthTrace trace = trace(credential, found, steps);
        return new Decision(new AuthResult.Authenticated(accept.principal(), trace), credential, sourceId, client);
      }
      if (verdict instanceof Verdict.Reject reject) {
        if (rejectionPolicy == RejectionPolicy.STOP) {
          AuthTrace trace = trace(credential, found, steps);
          return new Decision(denied(reject.reason(), true, trace), credential, sourceId, client);
        }
        if (firstReject == null) {
          firstReject = reject;
          rejectingSource = sourceId;
        }
      } else if (verdict instanceof Verdict.Unavailable) {
        anyUnavailable = true;
      }
    }
    AuthTrace trace = trace(credential, found, steps);
    if (anyUnavailable) {
      return new Decision(denied(Reason.SOURCE_UNAVAILABLE, true, trace), credential, null, client);
    }
    if (firstReject != null) {
      return new Decision(denied(firstReject.reason(), true, trace), credential, rejectingSource, client);
    }
    return new Decision(denied(unrecognised(credential), true, trace), credential, null, client);
  }

  /**
   * Why a credential no source recognised is denied: a JWT-shaped one, in a chain that verifies JWTs,
   * is an invalid token; anything else is an invalid API key.
   */
  private Reason unrecognised(Credential credential) {
    return verifiesJwts && CredentialRules.isJwtShaped(credential.secret().expose())
        ? Reason.INVALID_TOKEN
        : Reason.INVALID_CREDENTIAL;
  }

  private static AuthTrace trace(Credential credential, String extraction, List<AuthTrace.SourceStep> steps) {
    return new AuthTrace(Optional.of(credential.carrier()), credential.secret(), extraction, steps);
  }

  /**
   * Asks one source. A source that throws or answers null counts as unavailable. The verdict is made
   * safe to show: a returned {@link Throwable} cause is replaced by its class names, and a detail that
   * quotes the secret has it removed.
   */
  private static Verdict ask(CredentialSource source, String sourceId, Credential credential) {
    Verdict verdict;
    try {
      verdict = source.verify(credential);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      String failure = describe(t);
      LOG.warn(
          "credential source '{}' failed on credential {}; counted as unavailable: {}",
          sourceId,
          credential.secret().fingerprint(),
          failure);
      return Verdict.unavailable("threw " + failure);
    }
    if (verdict == null) {
      LOG.warn("credential source '{}' returned no verdict; counted as unavailable", sourceId);
      return Verdict.unavailable("returned no verdict");
    }
    return safeToShow(verdict, sourceId, credential.secret());
  }

  private static Verdict safeToShow(Verdict verdict, String sourceId, Secret secret) {
    if (verdict instanceof Verdict.Unavailable u) {
      String detail = redact(u.detail(), secret);
      if (u.cause().isPresent()) {
        detail = detail + " (" + describe(u.cause().get()) + ")";
        LOG.warn("credential source '{}' is unavailable: {}", sourceId, detail);
        return Verdict.unavailable(detail);
      }
      return detail.equals(u.detail()) ? verdict : Verdict.unavailable(detail);
    }
    if (verdict instanceof Verdict.Reject r) {
      String detail = redact(r.detail(), secret);
      return detail.equals(r.detail()) ? verdict : Verdict.reject(r.reason(), detail);
    }
    if (verdict instanceof Verdict.Abstain a) {
      String detail = redact(a.detail(), secret);
      return detail.equals(a.detail()) ? verdict : Verdict.abstain(detail);
    }
    return verdict;
  }

  /** A source broke its contract and quoted the secret: take it out. */
  private static String redact(String detail, Secret secret) {
    return detail.contains(secret.expose()) ? detail.replace(secret.expose(), "[REDACTED]") : detail;
  }

  /** The class names along a failure's cause chain; never messages, which may quote input. */
  static String describe(Throwable failure) {
    StringBuilder out = new StringBuilder();
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES_DESCRIBED; depth++, t = t.getCause()) {
      if (depth > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getName());
    }
    return out.toString();
  }

  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  private AuthResult.Denied denied(Reason reason, boolean credentialPresented, AuthTrace trace) {
    DeniedHeaders headers = deniedHeaders[reason.ordinal()];
    return new AuthResult.Denied(
        reason,
        reason.httpStatus(),
        messages.get(reason),
        credentialPresented ? headers.credentialPresented() : headers.noCredential(),
        Optional.empty(),
        trace);
  }

  /** A 429 denial telling the client how long to wait. */
  private AuthResult.Denied denied(Reason reason, boolean credentialPresented, AuthTrace trace, Duration retryAfter) {
    AuthResult.Denied plain = denied(reason, credentialPresented, trace);
    Map<String, String> headers = new java.util.HashMap<>(plain.headers());
    headers.put("Retry-After", Long.toString(AuthResult.Denied.ceilSeconds(retryAfter)));
    return new AuthResult.Denied(reason, plain.status(), plain.message(), headers, Optional.of(retryAfter), trace);
  }

  /** A denial's headers, depending on whether a credential was presented. */
  private record DeniedHeaders(Map<String, String> noCredential, Map<String, String> credentialPresented) {}

  /**
   * Every denial's headers, computed once: 401 and 400 carry a {@code WWW-Authenticate} challenge
   * with the realm, and, for Bearer when a credential was presented, the RFC 6750 error code.
   */
  private static DeniedHeaders[] deniedHeaders(String challengeScheme, String realm) {
    Reason[] reasons = Reason.values();
    DeniedHeaders[] table = new DeniedHeaders[reasons.length];
    for (Reason reason : reasons) {
      table[reason.ordinal()] =
          new DeniedHeaders(
              challenge(reason, challengeScheme, realm, false), challenge(reason, challengeScheme, realm, true));
    }
    return table;
  }

  private static Map<String, String> challenge(Reason reason, String scheme, String realm, boolean presented) {
    if (reason.httpStatus() != 401 && reason.httpStatus() != 400) {
      return Map.of();
    }
    StringBuilder challenge = new StringBuilder(scheme).append(" realm=\"").append(quoted(realm)).append('"');
    if (scheme.equals("Bearer") && presented && reason.bearerError().isPresent()) {
      challenge.append(", error=\"").append(reason.bearerError().get()).append('"');
    }
    return Map.of(WWW_AUTHENTICATE, challenge.toString());
  }

  private static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Tells every listener of {@code decision}, which took {@code nanos} and ended at {@code ended}. */
  private void publish(Decision decision, long nanos, long ended) {
    AuthEvent event = event(decision, nanos, ended);
    for (AuthListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (Throwable t) {
        rethrowIfFatal(t);
        LOG.warn("auth listener {} failed: {}", listener.getClass().getName(), describe(t));
      }
    }
  }

  /**
   * The event of {@code decision}. Kept cheap, since every listened-to request pays for it: the
   * credential's fingerprint is kept as its bits and the client as its address, each rendered as text
   * only if a listener reads it, and the time comes from {@link EventClock}.
   */
  private AuthEvent event(Decision decision, long nanos, long ended) {
    AuthResult result = decision.result();
    AuthResult.Denied denied = result instanceof AuthResult.Denied d ? d : null;
    String principalName = denied == null ? ((AuthResult.Authenticated) result).principal().name() : null;
    EventClock.Anchor anchor = eventClock.anchorFor(ended);
    return AuthEvent.of(
        anchor.wall(),
        ended - anchor.nanoTime(),
        denied,
        principalName,
        decision.decidingSource(),
        decision.credential(),
        fingerprintEvents,
        decision.client().orElse(null),
        nanos);
  }
}
