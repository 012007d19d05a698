package dev.latchkey.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A minimal HTTP client for tests against servers on loopback (java.base only). */
final class LoopbackHttp {
  private LoopbackHttp() {}

  record Response(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst();
    }
  }

  /** GET {@code url} with header name/value pairs. */
  static Response get(String url, String... headerPairs) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(10_000);
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      c.addRequestProperty(headerPairs[i], headerPairs[i + 1]);
    }
    try {
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Response(status, c.getHeaderFields(), body);
    } finally {
      c.disconnect();
    }
  }
}
