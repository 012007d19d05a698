package dev.latchkey;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Authenticator} {@link Latchkey.Builder} builds: extraction, then the ordered chain of
 * sources, then listeners. Immutable and thread-safe.
 */
final class ChainAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  private static final int MAX_CAUSES_LOGGED = 5;

  private final List<CredentialSource> sources;
  private final CredentialExtractor extractor;
  private final RejectionPolicy rejectionPolicy;
  private final String realm;
  private final Map<Reason, String> messages;
  private final List<AuthListener> listeners;
  private final Clock clock;

  ChainAuthenticator(
      List<CredentialSource> sources,
      CredentialExtractor extractor,
      RejectionPolicy rejectionPolicy,
      String realm,
      Map<Reason, String> messages,
      List<AuthListener> listeners,
      Clock clock) {
    this.sources = sources;
    this.extractor = extractor;
    this.rejectionPolicy = rejectionPolicy;
    this.realm = realm;
    this.messages = messages;
    this.listeners = listeners;
    this.clock = clock;
  }

  @Override
  public AuthResult authenticate(AuthRequest request) {
    long started = System.nanoTime();
    Decision decision;
    try {
      decision = decide(request);
    } catch (RuntimeException e) {
      // A bug in Latchkey or in the host's AuthRequest view: fail closed, never throw to the host.
      LOG.error("authentication failed unexpectedly: {}", e.getClass().getName());
      AuthTrace trace = new AuthTrace(Optional.empty(), null, "not completed", List.of());
      decision = new Decision(denied(Reason.INTERNAL_ERROR, false, trace), null, null);
    }
    if (!listeners.isEmpty()) {
      publish(decision, request, Duration.ofNanos(System.nanoTime() - started));
    }
    return decision.result();
  }

  /** The result, plus what the event needs: the credential and the deciding source, if any. */
  private record Decision(AuthResult result, Credential credential, String decidingSource) {}

  private Decision decide(AuthRequest request) {
    CredentialExtractor.Extraction extraction = extractor.extract(request);
    if (extraction instanceof CredentialExtractor.Missing) {
      AuthTrace trace = new AuthTrace(Optional.empty(), null, "none found", List.of());
      return new Decision(denied(Reason.MISSING_CREDENTIAL, false, trace), null, null);
    }
    if (extraction instanceof CredentialExtractor.Refused refused) {
      AuthTrace trace =
          new AuthTrace(Optional.empty(), null, "refused: " + refused.detail(), List.of());
      return new Decision(denied(refused.reason(), true, trace), null, null);
    }
    Credential credential = ((CredentialExtractor.Found) extraction).credential();
    String found = "found in " + credential.carrier().describe();
    List<AuthTrace.SourceStep> steps = new ArrayList<>(sources.size());
    Verdict.Reject firstReject = null;
    String rejectingSource = null;
    boolean anyUnavailable = false;
    for (CredentialSource source : sources) {
      Verdict verdict = ask(source, credential);
      steps.add(new AuthTrace.SourceStep(source.id(), verdict));
      if (verdict instanceof Verdict.Accept accept) {
        AuthTrace trace = trace(credential, found, steps);
        return new Decision(
            new AuthResult.Authenticated(accept.principal(), trace), credential, source.id());
      }
      if (verdict instanceof Verdict.Reject reject) {
        if (rejectionPolicy == RejectionPolicy.STOP) {
          AuthTrace trace = trace(credential, found, steps);
          return new Decision(denied(reject.reason(), true, trace), credential, source.id());
        }
        if (firstReject == null) {
          firstReject = reject;
          rejectingSource = source.id();
        }
      } else if (verdict instanceof Verdict.Unavailable) {
        anyUnavailable = true;
      }
    }
    AuthTrace trace = trace(credential, found, steps);
    if (anyUnavailable) {
      return new Decision(denied(Reason.SOURCE_UNAVAILABLE, true, trace), credential, null);
    }
    if (firstReject != null) {
      return new Decision(denied(firstReject.reason(), true, trace), credential, rejectingSource);
    }
    return new Decision(denied(Reason.INVALID_CREDENTIAL, true, trace), credential, null);
  }

  private static AuthTrace trace(
      Credential credential, String extraction, List<AuthTrace.SourceStep> steps) {
    return new AuthTrace(Optional.of(credential.carrier()), credential.secret(), extraction, steps);
  }

  /** Asks one source; a source that throws or answers null counts as unavailable. */
  private static Verdict ask(CredentialSource source, Credential credential) {
    try {
      Verdict verdict = source.verify(credential);
      if (verdict == null) {
        LOG.warn("credential source '{}' returned no verdict; counted as unavailable", source.id());
        return Verdict.unavailable("returned no verdict");
      }
      return verdict;
    } catch (Exception e) {
      String failure = describe(e, credential.secret());
      LOG.warn(
          "credential source '{}' failed on credential {}; counted as unavailable: {}",
          source.id(),
          credential.secret().fingerprint(),
          failure);
      return Verdict.unavailable("threw " + failure);
    }
  }

  /**
   * The exception's class names and messages along its cause chain, with any occurrence of the
   * secret replaced: a buggy source may have put the credential into its own exception message.
   */
  static String describe(Throwable failure, Secret secret) {
    StringBuilder out = new StringBuilder();
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES_LOGGED; depth++, t = t.getCause()) {
      if (depth > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getName());
      String message = t.getMessage();
      if (message != null) {
        out.append(": ").append(message.replace(secret.expose(), "[REDACTED]"));
      }
    }
    return out.toString();
  }

  private AuthResult.Denied denied(Reason reason, boolean credentialPresented, AuthTrace trace) {
    Map<String, String> headers = Map.of();
    int status = reason.httpStatus();
    if (status == 401 || status == 400) {
      StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(quoted(realm)).append('"');
      Optional<String> error = reason.bearerError();
      if (credentialPresented && error.isPresent()) {
        challenge.append(", error=\"").append(error.get()).append('"');
      }
      headers = Map.of(WWW_AUTHENTICATE, challenge.toString());
    }
    return new AuthResult.Denied(reason, status, messages.get(reason), headers, trace);
  }

  private static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private void publish(Decision decision, AuthRequest request, Duration duration) {
    AuthEvent event;
    try {
      event = event(decision, request, duration);
    } catch (RuntimeException e) {
      LOG.error("could not build the audit event: {}", e.getClass().getName());
      return;
    }
    for (AuthListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (Exception e) {
        LOG.warn("auth listener {} failed: {}", listener.getClass().getName(), e.getClass().getName());
      }
    }
  }

  private AuthEvent event(Decision decision, AuthRequest request, Duration duration) {
    Optional<String> fingerprint =
        Optional.ofNullable(decision.credential()).map(c -> c.secret().fingerprint());
    Optional<String> client = request.remoteAddress().map(InetAddress::getHostAddress);
    Optional<String> source = Optional.ofNullable(decision.decidingSource());
    if (decision.result() instanceof AuthResult.Authenticated ok) {
      return new AuthEvent(
          clock.instant(),
          AuthEvent.Outcome.AUTHENTICATED,
          Optional.empty(),
          Optional.empty(),
          Optional.of(ok.principal().name()),
          source,
          fingerprint,
          client,
          duration);
    }
    AuthResult.Denied denied = (AuthResult.Denied) decision.result();
    return new AuthEvent(
        clock.instant(),
        AuthEvent.Outcome.DENIED,
        Optional.of(denied.reason()),
        Optional.of(denied.status()),
        Optional.empty(),
        source,
        fingerprint,
        client,
        duration);
  }
}
