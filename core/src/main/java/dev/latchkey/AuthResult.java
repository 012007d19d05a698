package dev.latchkey;

import dev.latchkey.internal.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of an {@link Authenticator}: {@link Authenticated} or {@link Denied}. Both carry the
 * {@link #explain() trace} of how the decision was reached.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Denied {

  /**
   * The per-source trace of verdicts, for debugging; never contains the secret.
   *
   * @return the trace; never null
   */
  AuthTrace explain();

  /**
   * The request is authenticated.
   *
   * @param principal who the request is
   * @param trace how the decision was reached
   */
  record Authenticated(Principal principal, AuthTrace trace) implements AuthResult {
    /**
     * Rejects nulls.
     *
     * @param principal who the request is
     * @param trace how the decision was reached
     */
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(trace, "trace");
    }

    @Override
    public AuthTrace explain() {
      return trace;
    }
  }

  /**
   * The request is denied. A host adapter sends {@link #status()}, every header in
   * {@link #headers()}, and {@link #toJson()} as an {@code application/json} body.
   *
   * @param reason why
   * @param status the HTTP status to send
   * @param message the public message for the client
   * @param headers headers to send, such as {@code WWW-Authenticate} or {@code Retry-After}; unmodifiable
   * @param retryAfter for 429 denials, how long the client should wait
   * @param trace how the decision was reached
   */
  record Denied(
      Reason reason, int status, String message, Map<String, String> headers, Optional<Duration> retryAfter, AuthTrace trace)
      implements AuthResult {
    /**
     * Rejects nulls and copies the headers.
     *
     * @param reason why the request was denied
     * @param status the HTTP status to send
     * @param message the public message for the client
     * @param headers headers to send, such as {@code WWW-Authenticate} or {@code Retry-After}; copied
     * @param retryAfter for 429 denials, how long the client should wait
     * @param trace how the decision was reached
     */
    public Denied {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(trace, "trace");
    }

    @Override
    public AuthTrace explain() {
      return trace;
    }

    /**
     * The response body: {@code {"error":"<message>"}}, with {@code "retryAfter":<seconds>} added when
     * the client should wait (Omnidev's rate-limit body).
     *
     * @return the JSON body; never null, never holding the secret
     */
    public String toJson() {
      String error = "{\"error\":" + Json.quote(message);
      return retryAfter.map(wait -> error + ",\"retryAfter\":" + ceilSeconds(wait) + "}").orElse(error + "}");
    }

    /** Whole seconds, rounded up, at least one: the value of a {@code Retry-After} header. */
    static long ceilSeconds(Duration wait) {
      return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }
  }
}
