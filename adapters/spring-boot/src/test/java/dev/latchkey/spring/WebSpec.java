package dev.latchkey.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The keys of {@code web-spec.yml}, and real HTTP requests to an application on loopback. */
public final class WebSpec {
  /** {@code deployer}, roles {@code deploy} and {@code read}. */
  public static final String DEPLOY_KEY = "deploy-key-0123456789abcdefghijkl";
  /** {@code reader}, role {@code read}. */
  public static final String READER_KEY = "reader-key-0123456789abcdefghijkl";
  /** {@code burst-bot}, roles {@code read} and {@code throttled}: one request an hour. */
  public static final String BURST_KEY = "burst-key-01234567890abcdefghijkl";

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private WebSpec() {}

  /**
   * {@code GET http://127.0.0.1:port/path}, with {@code X-API-Key: key} unless {@code key} is null.
   *
   * @param port the application's port
   * @param path the path
   * @param key the key to send, or null for none
   * @return the response
   * @throws IOException if the exchange fails
   * @throws InterruptedException if interrupted
   */
  public static HttpResponse<String> get(int port, String path, String key) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * {@code method http://127.0.0.1:port/path} with a JSON {@code body} unless it is null, and
   * {@code Authorization: Bearer key} unless {@code key} is null.
   *
   * @param port the application's port
   * @param method the HTTP method
   * @param path the path
   * @param key the bearer key to send, or null for none
   * @param body the JSON body to send, or null for none
   * @return the response
   * @throws IOException if the exchange fails
   * @throws InterruptedException if interrupted
   */
  public static HttpResponse<String> send(int port, String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
