package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.Principal;
import dev.latchkey.httpserver.LatchkeyFilter;
import dev.latchkey.httpserver.LatchkeyHttpServer;
import dev.latchkey.admin.AdminHandler;
import dev.latchkey.admin.httpserver.AdminHttpHandler;
import dev.latchkey.keystore.file.FileKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo: an HTTP server on the loopback interface, every endpoint behind the {@link LatchkeyFilter}
 * adapter with the {@link Authenticator} given.
 *
 * <ul>
 *   <li>{@code GET /whoami}: the authenticated principal as JSON ({@code name}, {@code roles},
 *       {@code source}, {@code credentialId}).
 *   <li>{@code POST /api/ask}: Omnidev's ask API shape: {@code {"workspaceId": …, "question": …}} in;
 *       out the same fields, an {@code answer} and the principal as {@code askedBy}.
 * </ul>
 *
 * <p>Denials are the adapter's (status, headers, {@code {"error": …}}); the handlers answer 400 for a
 * malformed body, 404 for another path and 405 for another method, always as JSON. Nothing secret is
 * ever written: the principal carries no secret. Thread-safe; {@link #close()} stops the server and
 * closes the authenticator.
 */
public final class DemoServer implements AutoCloseable {
  /** The largest {@code /api/ask} body read. */
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Authenticator authenticator;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile FileKeyStore consoleStore;

  private DemoServer(HttpServer server, ExecutorService executor, Authenticator authenticator) {
    this.server = server;
    this.executor = executor;
    this.authenticator = authenticator;
  }

  /**
   * Starts a server on 127.0.0.1:{@code port} (0 picks a free port) that authenticates every request
   * with {@code authenticator}, which it closes on {@link #close()}.
   *
   * @throws java.net.BindException if the port is taken
   */
  public static DemoServer start(int port, Authenticator authenticator) throws IOException {
    Objects.requireNonNull(authenticator, "authenticator");
    HttpServer server = LatchkeyHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    LatchkeyFilter filter = new LatchkeyFilter(authenticator);
    server.createContext("/whoami", exact("/whoami", "GET", DemoServer::whoami)).getFilters().add(filter);
    server.createContext("/api/ask", exact("/api/ask", "POST", DemoServer::ask)).getFilters().add(filter);
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "latchkey-demo");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new DemoServer(server, executor, authenticator);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** A {@code curl} command for {@code GET /whoami} with one header. */
  static String curlWhoami(String baseUrl, String header, String value) {
    return "curl -i -H '" + header + ": " + value + "' " + baseUrl + "/whoami";
  }

  /** A {@code curl} command for {@code POST /api/ask} with one header and Omnidev's example question. */
  static String curlAsk(String baseUrl, String header, String value) {
    return "curl -i -H '" + header + ": " + value + "' -H 'Content-Type: application/json'"
        + " -d '{\"workspaceId\":\"workspace-123\",\"question\":\"How does this code work?\"}' " + baseUrl + "/api/ask";
  }

  /**
   * Mounts the key management API and console ({@code latchkey-admin}) at
   * {@value AdminHandler#DEFAULT_MOUNT_PATH} over the key store {@code keyFile}, for principals holding
   * {@code adminRole}; the store is closed with the server. The demo's authenticator sees changes made
   * there within its reload interval (2 s).
   *
   * @return the console's URL
   */
  public String mountConsole(Path keyFile, String adminRole) {
    FileKeyStore store = FileKeyStore.builder(keyFile).open();
    consoleStore = store;
    AdminHandler console = AdminHandler.builder(store).authenticator(authenticator).adminRole(adminRole).build();
    server.createContext(console.mountPath(), new AdminHttpHandler(console));
    return baseUrl() + console.mountPath() + "/";
  }

  /** Prints the address and the endpoints. */
  public void printEndpoints(PrintStream out, String configuration) {
    out.println("Latchkey demo listening on " + baseUrl() + " (configuration: " + configuration + ")");
    out.println();
    out.println("Endpoints, each for an authenticated request only:");
    out.println("  GET  /whoami    who you are: {\"name\", \"roles\", \"source\", \"credentialId\"}");
    out.println("  POST /api/ask   Omnidev's ask API: {\"workspaceId\", \"question\"} in; the question, an answer and askedBy out");
    out.println();
  }

  /** Serves {@code handler} for {@code path} and {@code method} only; 404 and 405 otherwise. */
  private static HttpHandler exact(String path, String method, HttpHandler handler) {
    return exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        send(exchange, 404, Map.of("error", "Not found"));
      } else if (!exchange.getRequestMethod().equals(method)) {
        exchange.getResponseHeaders().set("Allow", method);
        send(exchange, 405, Map.of("error", "Use " + method + " " + path));
      } else {
        handler.handle(exchange);
      }
    };
  }

  private static void whoami(HttpExchange exchange) throws IOException {
    send(exchange, 200, principal(exchange));
  }

  private static void ask(HttpExchange exchange) throws IOException {
    JsonNode body;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      body = bytes.length > MAX_BODY_BYTES ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject() || !body.path("question").isTextual() || body.path("question").asText().isBlank()) {
      send(exchange, 400, Map.of("error", "Send a JSON object with a question: {\"workspaceId\": \"…\", \"question\": \"…\"}"));
      return;
    }
    Map<String, Object> principal = principal(exchange);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workspaceId", body.path("workspaceId").isTextual() ? body.path("workspaceId").asText() : null);
    answer.put("question", body.path("question").asText());
    answer.put("answer", "Latchkey authenticated this question as " + principal.get("name") + "; a real server would answer it here.");
    answer.put("askedBy", principal);
    send(exchange, 200, answer);
  }

  /** The principal the filter put on the exchange, as JSON fields; never a secret. */
  private static Map<String, Object> principal(HttpExchange exchange) {
    Principal principal = LatchkeyFilter.principal(exchange).orElseThrow();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", principal.name());
    body.put("roles", principal.roles());
    body.put("source", principal.sourceId());
    principal.credentialId().ifPresent(id -> body.put("credentialId", id));
    return body;
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the server at once and closes the authenticator (and its sources' background threads). Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    authenticator.close();
    if (consoleStore != null) {
      consoleStore.close();
    }
  }
}
