package dev.latchkey.admin;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.admin.httpserver.AdminHttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real JDK HTTP server on loopback serving an {@link AdminHandler} at its mount path, and a protected
 * endpoint {@code GET /api/hello} that answers 200 to whatever the authenticator accepts and the denial
 * otherwise.
 */
final class AdminServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final String mountPath;

  private AdminServer(HttpServer server, String mountPath) {
    this.server = server;
    this.mountPath = mountPath;
  }

  static AdminServer start(AdminHandler handler, Authenticator authenticator) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(handler.mountPath(), new AdminHttpHandler(handler));
      server.createContext("/api/hello", exchange -> {
        try (exchange) {
          AuthRequest request = AuthRequest.builder().method(exchange.getRequestMethod()).path(exchange.getRequestURI().getRawPath())
              .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization")).build();
          AuthResult result = authenticator.authenticate(request);
          byte[] body = (result instanceof AuthResult.Authenticated ok ? "hello " + ok.principal().name()
              : ((AuthResult.Denied) result).toJson()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
          exchange.sendResponseHeaders(result instanceof AuthResult.Authenticated ? 200 : ((AuthResult.Denied) result).status(), body.length);
          exchange.getResponseBody().write(body);
        }
      });
      AdminServer started = new AdminServer(server, handler.mountPath());
      server.setExecutor(started.executor);
      server.start();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  URI origin() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The console's URL: the mount path with a trailing slash. */
  URI console() {
    return origin().resolve(mountPath + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
