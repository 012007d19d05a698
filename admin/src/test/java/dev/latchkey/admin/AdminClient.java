package dev.latchkey.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Calls the API over real HTTP with a credential and checks every exchange against the OpenAPI document
 * ({@link OpenApiContract}) before handing the response to the test.
 */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final URI origin;
  private final String mountPath;
  private final Optional<String> credential;

  AdminClient(URI origin, String mountPath, Optional<String> credential) {
    this.origin = origin;
    this.mountPath = mountPath;
    this.credential = credential;
  }

  /** The same server, as the holder of {@code key}. */
  AdminClient as(String key) {
    return new AdminClient(origin, mountPath, Optional.of(key));
  }

  /** The same server, with no credential. */
  AdminClient anonymous() {
    return new AdminClient(origin, mountPath, Optional.empty());
  }

  /** A response: status, headers and body as text and (when JSON) as a tree. */
  record Reply(int status, java.net.http.HttpHeaders headers, String text) {
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Reply get(String relative) {
    return send("GET", relative, Optional.empty(), "application/json");
  }

  Reply delete(String relative) {
    return send("DELETE", relative, Optional.empty(), "application/json");
  }

  Reply post(String relative, String json) {
    return send("POST", relative, Optional.ofNullable(json), "application/json");
  }

  /**
   * Sends {@code body} (empty: none) with {@code contentType} and any further headers (name, value, …);
   * checks the exchange against the document.
   */
  Reply send(String method, String relative, Optional<String> body, String contentType, String... headerPairs) {
    HttpRequest.Builder request = HttpRequest.newBuilder(origin.resolve(mountPath + "/" + relative))
        .method(method, body.map(b -> HttpRequest.BodyPublishers.ofString(b, StandardCharsets.UTF_8)).orElse(HttpRequest.BodyPublishers.noBody()));
    body.ifPresent(b -> request.header("Content-Type", contentType));
    credential.ifPresent(c -> request.header("Authorization", "Bearer " + c));
    for (int i = 0; i < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String path = "/" + relative.split("\\?")[0];
      OpenApiContract.instance().check(method, path, body.filter(b -> contentType.equals("application/json")), response.statusCode(),
          response.headers().firstValue("Content-Type"), response.body());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends a raw request outside the API (console files, bad paths); not checked against the document. */
  HttpResponse<String> raw(String method, String rawPath) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(origin + rawPath)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
