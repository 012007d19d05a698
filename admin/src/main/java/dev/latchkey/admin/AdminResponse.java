package dev.latchkey.admin;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to send back for an {@link AdminRequest}: the status, every header to set, and the body. An
 * adapter copies all three onto its own response and writes nothing else. Immutable.
 *
 * <p>A response that carries a key's secret (a created or regenerated key, a viewed secret) has
 * {@code Cache-Control: no-store}; {@link #toString()} never shows a body.
 *
 * @param status the HTTP status
 * @param headers every header to set, in a stable order; unmodifiable
 * @param body the body; empty for none
 */
public record AdminResponse(int status, Map<String, String> headers, byte[] body) {
  /**
   * Copies.
   *
   * @param status the HTTP status
   * @param headers every header to set, in a stable order
   * @param body the body; empty for none
   */
  public AdminResponse {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body.clone();
  }

  /**
   * The body.
   *
   * @return a copy of the body
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body as UTF-8 text.
   *
   * @return the body decoded as UTF-8
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * A header's value.
   *
   * @param name the header's name, as this handler spells it ({@code Content-Type})
   * @return its value; null if there is none
   */
  public String header(String name) {
    return headers.get(Objects.requireNonNull(name, "name"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AdminResponse r && status == r.status && headers.equals(r.headers)
        && java.util.Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
  }

  /** Status and headers only: a body may hold a key's secret. */
  @Override
  public String toString() {
    return "AdminResponse[" + status + ", " + headers + ", " + body.length + " body bytes]";
  }
}
