package dev.latchkey.examples.internal;

import dev.latchkey.AuthResult;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP response every adapter sends for a {@link AuthResult.Denied}: its status, each of its
 * headers plus {@code Content-Type: application/json}, and {@link AuthResult.Denied#toJson()} as the
 * body. An adapter copies these onto its own response type and writes nothing else.
 *
 * @param status the HTTP status
 * @param headers every header to set, in a stable order; unmodifiable
 * @param json the body
 */
public record DeniedResponse(int status, Map<String, String> headers, String json) {
  /** The media type of the body. */
  public static final String CONTENT_TYPE = "application/json";

  /** The response for {@code denied}. */
  public static DeniedResponse of(AuthResult.Denied denied) {
    Map<String, String> headers = new LinkedHashMap<>(new TreeMap<>(denied.headers()));
    headers.put("Content-Type", CONTENT_TYPE);
    return new DeniedResponse(denied.status(), Collections.unmodifiableMap(headers), denied.toJson());
  }

  /** The body as UTF-8 bytes. */
  public byte[] body() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
