package dev.latchkey;

import dev.latchkey.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP API problem as RFC 9457 describes it ({@code application/problem+json}): a type URI, a short
 * title, the status, a detail for the client and extension members (such as the {@code field} a request
 * got wrong). The one problem writer of Latchkey's HTTP APIs; written without a JSON library.
 *
 * <p>A problem is what a client is told: it never carries a secret or a stack trace, and its detail is
 * written by Latchkey, never copied from an exception of another library. Immutable and thread-safe.
 *
 * @param type a URI naming the kind of problem, such as {@code https://latchkey.dev/problems/invalid-request}
 * @param title a short summary of the kind of problem, the same for every occurrence
 * @param status the HTTP status sent with it
 * @param detail what went wrong this time, for the client
 * @param extensions further members, by name, in order; their values are written as JSON strings
 */
public record ProblemDetails(String type, String title, int status, String detail, Map<String, String> extensions) {
  /** The media type of a problem: {@value}. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * Rejects nulls, statuses outside 400–599 and extension members that RFC 9457 defines itself; copies.
   *
   * @param type a URI naming the kind of problem
   * @param title a short summary of the kind of problem
   * @param status the HTTP status sent with it, 400 to 599
   * @param detail what went wrong this time, for the client
   * @param extensions further members, by name, in order
   * @throws IllegalArgumentException if the status is not an error status or an extension is named
   *     {@code type}, {@code title}, {@code status}, {@code detail} or {@code instance}
   */
  public ProblemDetails {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem's status is 400 to 599, not " + status);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    extensions.forEach((name, value) -> {
      if (name.equals("type") || name.equals("title") || name.equals("status") || name.equals("detail")
          || name.equals("instance")) {
        throw new IllegalArgumentException("an extension member may not be named " + name);
      }
      copy.put(name, Objects.requireNonNull(value, name));
    });
    extensions = Collections.unmodifiableMap(copy);
  }

  /**
   * A problem without extension members.
   *
   * @param type a URI naming the kind of problem
   * @param title a short summary of the kind of problem
   * @param status the HTTP status sent with it, 400 to 599
   * @param detail what went wrong this time, for the client
   * @return the problem
   */
  public static ProblemDetails of(String type, String title, int status, String detail) {
    return new ProblemDetails(type, title, status, detail, Map.of());
  }

  /**
   * This problem with one more extension member.
   *
   * @param name the member's name
   * @param value its value, written as a JSON string
   * @return a copy with the member added (or replaced); this problem is unchanged
   */
  public ProblemDetails with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(extensions);
    more.put(name, value);
    return new ProblemDetails(type, title, status, detail, more);
  }

  /**
   * The problem as a JSON object: {@code type}, {@code title}, {@code status}, {@code detail}, then the
   * extension members.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(128)
        .append("{\"type\":").append(Json.quote(type))
        .append(",\"title\":").append(Json.quote(title))
        .append(",\"status\":").append(status)
        .append(",\"detail\":").append(Json.quote(detail));
    extensions.forEach((name, value) -> json.append(',').append(Json.quote(name)).append(':').append(Json.quote(value)));
    return json.append('}').toString();
  }

  /**
   * {@link #toJson()} as UTF-8 bytes, the body to send.
   *
   * @return the body
   */
  public byte[] body() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }
}
