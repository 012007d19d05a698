package dev.latchkey.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP/1.1 client for tests against servers on loopback. */
final class LoopbackHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private LoopbackHttp() {}

  /**
   * What came back: the status, the headers by lower-case name (several values joined with ", "; the
   * transport's own {@code Date} and {@code Server} left out) and the body.
   */
  record Response(int status, Map<String, String> headers, String body) {}

  /** GET {@code url} with header name/value pairs. */
  static Response get(String url, String... headerPairs) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
    headers.remove("date");
    headers.remove("server");
    return new Response(response.statusCode(), Map.copyOf(headers), response.body());
  }
}
