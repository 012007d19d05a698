package dev.latchkey.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.Slf4jAuditListener;
import dev.latchkey.examples.httpserver.LatchkeyFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The demo: an HTTP server on the loopback interface whose {@code GET /whoami} answers with the
 * authenticated principal, protected by an in-memory key generated at start and printed once.
 */
public final class DemoServer implements AutoCloseable {
  static final String KEY_NAME = "demo-admin";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String key;

  private DemoServer(HttpServer server, String key) {
    this.server = server;
    this.key = key;
  }

  /**
   * Starts a server on 127.0.0.1:{@code port} (0 picks a free port) with a fresh random key.
   *
   * @throws java.net.BindException if the port is taken
   */
  public static DemoServer start(int port) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String key = "lk_demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);

    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(key, KEY_NAME, "admin");
    Authenticator auth = Latchkey.builder().source(keys).listener(new Slf4jAuditListener()).build();

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/whoami", DemoServer::whoami).getFilters().add(new LatchkeyFilter(auth));
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "latchkey-demo");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new DemoServer(server, key);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The generated key; the demo prints it once at start. */
  String key() {
    return key;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Prints the address, the key (once) and {@code curl} commands that work against this server. */
  public void printWelcome(PrintStream out) {
    out.println("Latchkey demo listening on " + baseUrl());
    out.println();
    out.println("Generated API key for '" + KEY_NAME + "' (shown once, kept only as a digest):");
    out.println("  " + key);
    out.println();
    out.println("Try:");
    out.println("  curl -i -H 'Authorization: Bearer " + key + "' " + baseUrl() + "/whoami");
    out.println("  curl -i -H 'X-API-Key: " + key + "' " + baseUrl() + "/whoami");
    out.println("  curl -i " + baseUrl() + "/whoami                       # 401, no key");
    out.println("  curl -i -H 'Authorization: Bearer wrong' " + baseUrl() + "/whoami   # 401, bad key");
    out.println();
    out.println("Press Ctrl-C to stop.");
  }

  private static void whoami(HttpExchange exchange) throws IOException {
    Principal principal = LatchkeyFilter.principal(exchange).orElseThrow();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", principal.name());
    body.put("roles", principal.roles());
    body.put("source", principal.sourceId());
    principal.credentialId().ifPresent(id -> body.put("credentialId", id));
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}
