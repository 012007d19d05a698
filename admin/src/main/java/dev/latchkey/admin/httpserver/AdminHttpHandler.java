package dev.latchkey.admin.httpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.latchkey.Principal;
import dev.latchkey.admin.AdminHandler;
import dev.latchkey.admin.AdminRequest;
import dev.latchkey.admin.AdminResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves an {@link AdminHandler} in a JDK {@code com.sun.net.httpserver.HttpServer}: create a context at
 * the handler's mount path with this as its handler. Mount it without Latchkey's filter (the console's
 * page and files need no credential, and the handler authenticates every API call with the
 * authenticator it was given); if a filter did authenticate the exchange, the principal it put in the
 * attribute {@value #PRINCIPAL_ATTRIBUTE} is used.
 *
 * <p>Reads at most {@link AdminHandler#maxBodyBytes()} + 1 bytes of a body. Thread-safe.
 */
public final class AdminHttpHandler implements HttpHandler {
  /** The exchange attribute where Latchkey's adapters put the authenticated principal: {@value}. */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.latchkey.Principal";

  private final AdminHandler handler;

  /**
   * Serves {@code handler}.
   *
   * @param handler the key management handler
   */
  public AdminHttpHandler(AdminHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(handler.maxBodyBytes() + 1);
      }
      String rawQuery = exchange.getRequestURI().getRawQuery();
      InetSocketAddress peer = exchange.getRemoteAddress();
      Optional<Principal> principal = exchange.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof Principal p ? Optional.of(p) : Optional.empty();
      AdminResponse response = handler.handle(new AdminRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          rawQuery == null ? "" : rawQuery, exchange.getRequestHeaders(), body,
          peer == null ? Optional.empty() : Optional.ofNullable(peer.getAddress()), principal));
      response.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] out = response.body();
      boolean empty = out.length == 0;
      exchange.sendResponseHeaders(response.status(), empty ? -1 : out.length);
      if (!empty) {
        try (OutputStream stream = exchange.getResponseBody()) {
          stream.write(out);
        }
      }
    } finally {
      exchange.close();
    }
  }
}
