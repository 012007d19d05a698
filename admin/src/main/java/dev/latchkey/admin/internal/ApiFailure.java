package dev.latchkey.admin.internal;

import dev.latchkey.ProblemDetails;
import java.util.Map;

/**
 * A request the API refuses, carrying the problem to answer with. Thrown and caught inside the
 * handler only; it has no stack trace, since it is an answer, not a fault.
 */
public final class ApiFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final String TYPES = "https://latchkey.dev/problems/";

  /** The problem to answer with. */
  private final transient ProblemDetails problem;
  /** Headers to send with it, such as {@code Allow} or {@code WWW-Authenticate}. */
  private final transient Map<String, String> headers;

  private ApiFailure(ProblemDetails problem, Map<String, String> headers) {
    super(problem.title(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  /** The problem to answer with. */
  public ProblemDetails problem() {
    return problem;
  }

  /** Headers to send with the problem. */
  public Map<String, String> headers() {
    return headers;
  }

  /** 400: the request names {@code field} wrongly; {@code detail} says how, never quoting a value. */
  public static ApiFailure invalid(String field, String detail) {
    String named = field.length() > 64 ? field.substring(0, 64) + "…" : field; // a client's own field name, kept short
    return new ApiFailure(ProblemDetails.of(TYPES + "invalid-request", "Invalid request", 400, detail).with("field", named), Map.of());
  }

  /** 401 or another denial status from the host's authenticator, with the denial's headers. */
  public static ApiFailure denied(int status, String detail, Map<String, String> headers) {
    String slug = status == 401 ? "unauthorized" : status == 403 ? "forbidden" : status == 429 ? "too-many-requests" : "denied";
    String title = status == 401 ? "Not authenticated" : status == 403 ? "Forbidden" : status == 429 ? "Too many requests" : "Denied";
    return new ApiFailure(ProblemDetails.of(TYPES + slug, title, status, detail), headers);
  }

  /** 403: the caller may not do this. */
  public static ApiFailure forbidden(String detail) {
    return new ApiFailure(ProblemDetails.of(TYPES + "forbidden", "Forbidden", 403, detail), Map.of());
  }

  /** 404. */
  public static ApiFailure notFound(String detail) {
    return new ApiFailure(ProblemDetails.of(TYPES + "not-found", "Not found", 404, detail), Map.of());
  }

  /** 405, with the methods the path allows. */
  public static ApiFailure methodNotAllowed(String allow) {
    return new ApiFailure(ProblemDetails.of(TYPES + "method-not-allowed", "Method not allowed", 405, "this path answers " + allow),
        Map.of("Allow", allow));
  }

  /** 409: the key's state does not allow this. */
  public static ApiFailure conflict(String detail) {
    return new ApiFailure(ProblemDetails.of(TYPES + "conflict", "Conflict", 409, detail), Map.of());
  }

  /** 409 naming {@code field}. */
  public static ApiFailure conflict(String field, String detail) {
    return new ApiFailure(ProblemDetails.of(TYPES + "conflict", "Conflict", 409, detail).with("field", field), Map.of());
  }

  /** 415: a body that is not JSON. */
  public static ApiFailure unsupportedMediaType() {
    return new ApiFailure(ProblemDetails.of(TYPES + "unsupported-media-type", "Unsupported media type", 415,
        "send the body as application/json"), Map.of());
  }

  /** 503: the key store cannot be written (or read) now; nothing was changed. */
  public static ApiFailure storeUnavailable() {
    return new ApiFailure(ProblemDetails.of(TYPES + "store-unavailable", "Key store unavailable", 503,
        "the key store cannot be written now (its file is unreadable or its database is unreachable); nothing was changed, try again later"),
        Map.of("Retry-After", "5"));
  }

  /** 500: a fault of the server; the detail says nothing about it. */
  public static ApiFailure internal() {
    return new ApiFailure(ProblemDetails.of(TYPES + "internal-error", "Internal error", 500,
        "the server failed to answer this request; it has been logged"), Map.of());
  }
}
