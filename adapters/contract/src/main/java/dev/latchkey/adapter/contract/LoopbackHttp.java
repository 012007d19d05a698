package dev.latchkey.adapter.contract;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP/1.1 client for tests against servers on loopback. */
public final class LoopbackHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern CURL_HEADER = Pattern.compile(" -H '([^:']+): ([^']*)'");
  private static final Pattern CURL_DATA = Pattern.compile(" -d '([^']*)'");
  private static final Pattern CURL_URL = Pattern.compile(" (http://\\S+)");

  private LoopbackHttp() {}

  /**
   * What came back: the status, the headers by lower-case name (several values joined with ", "; the
   * transport's own {@code Date} and {@code Server} left out) and the body.
   *
   * @param status the status
   * @param headers the headers
   * @param body the body
   */
  public record Response(int status, Map<String, String> headers, String body) {}

  /** GET {@code url} with header name/value pairs. */
  public static Response get(String url, String... headerPairs) throws Exception {
    return send("GET", url, null, headerPairs);
  }

  /** {@code method} {@code url} with {@code body} (null for none) and header name/value pairs. */
  public static Response send(String method, String url, String body, String... headerPairs) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
    headers.remove("date");
    headers.remove("server");
    return new Response(response.statusCode(), Map.copyOf(headers), response.body());
  }

  /**
   * Sends what a printed {@code curl -i [-H 'Name: value']… [-d 'body'] URL} command sends: a POST
   * with the body when there is one, else a GET, with each header.
   */
  public static Response replay(String curlCommand) throws Exception {
    List<String> headers = new ArrayList<>();
    Matcher header = CURL_HEADER.matcher(curlCommand);
    while (header.find()) {
      headers.add(header.group(1));
      headers.add(header.group(2));
    }
    Matcher data = CURL_DATA.matcher(curlCommand);
    String body = data.find() ? data.group(1) : null;
    Matcher url = CURL_URL.matcher(curlCommand);
    if (!url.find()) {
      throw new IllegalArgumentException("no URL in " + curlCommand);
    }
    return send(body == null ? "GET" : "POST", url.group(1), body, headers.toArray(String[]::new));
  }
}
