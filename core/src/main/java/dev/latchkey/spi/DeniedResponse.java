package dev.latchkey.spi;

import dev.latchkey.AuthResult;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The HTTP response every adapter sends for a {@link AuthResult.Denied}: its status, each of its
 * headers plus {@code Content-Type: application/json}, and {@link AuthResult.Denied#toJson()} as the
 * body. An adapter copies these onto its own response type and writes nothing else, so every adapter
 * answers a denial byte for byte alike. Immutable and thread-safe; it never holds a secret (a denial
 * carries none).
 *
 * @param status the HTTP status
 * @param headers every header to set, in a stable order; unmodifiable
 * @param json the body
 */
public record DeniedResponse(int status, Map<String, String> headers, String json) {
  /** The media type of the body. */
  public static final String CONTENT_TYPE = "application/json";

  /**
   * Checks and keeps the parts.
   *
   * @param status the HTTP status
   * @param headers every header to set, in a stable order; kept as given
   * @param json the body
   */
  public DeniedResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(json, "json");
  }

  /**
   * The response for {@code denied}.
   *
   * @param denied the denial
   * @return its status, headers plus {@code Content-Type}, and JSON body
   */
  public static DeniedResponse of(AuthResult.Denied denied) {
    Map<String, String> headers = new LinkedHashMap<>(new TreeMap<>(denied.headers()));
    headers.put("Content-Type", CONTENT_TYPE);
    return new DeniedResponse(denied.status(), Collections.unmodifiableMap(headers), denied.toJson());
  }

  /**
   * The body as UTF-8 bytes.
   *
   * @return a new array each call
   */
  public byte[] body() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
