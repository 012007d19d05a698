package dev.latchkey.httpserver;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Principal;
import dev.latchkey.spi.Adapters;
import dev.latchkey.spi.DeniedResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates every request to a JDK {@code com.sun.net.httpserver} context with a Latchkey
 * {@link Authenticator}.
 *
 * <p>An authenticated request goes on down the chain with its {@link Principal} available through
 * {@link #principal(HttpExchange)}; a denied one is answered here with the denial's status, headers
 * and JSON body, and the handler never runs.
 *
 * <p>This class is also the template for adapters to other HTTP stacks: give Latchkey a view of the
 * request ({@link AuthRequest}), put the principal where handlers can find it, and write a denial as
 * status + headers + {@link AuthResult.Denied#toJson()}.
 *
 * <p>Thread-safe: one filter serves all requests of a context.
 */
public final class LatchkeyFilter extends Filter {
  /**
   * The exchange attribute holding the authenticated {@link Principal}: {@value}, the same name the
   * Servlet adapter uses.
   */
  public static final String PRINCIPAL_ATTRIBUTE = Adapters.PRINCIPAL_ATTRIBUTE;

  private final Authenticator authenticator;

  /**
   * A filter that authenticates with {@code authenticator}.
   *
   * @param authenticator the authenticator to ask for every exchange; the filter does not close it
   */
  public LatchkeyFilter(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /**
   * The principal of an exchange this filter authenticated, if any.
   *
   * @param exchange an exchange that passed through this filter
   * @return the authenticated principal; empty if this filter did not authenticate the exchange
   */
  public static Optional<Principal> principal(HttpExchange exchange) {
    return Adapters.principal(exchange.getAttribute(PRINCIPAL_ATTRIBUTE));
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    AuthResult result = authenticator.authenticate(new ExchangeRequest(exchange));
    if (result instanceof AuthResult.Authenticated ok) {
      exchange.setAttribute(PRINCIPAL_ATTRIBUTE, ok.principal());
      chain.doFilter(exchange);
      return;
    }
    DeniedResponse denied = DeniedResponse.of((AuthResult.Denied) result);
    byte[] body = denied.body();
    denied.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(denied.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public String description() {
    return "Latchkey authentication";
  }

  /** A no-copy view of an exchange. */
  private record ExchangeRequest(HttpExchange exchange) implements AuthRequest {
    @Override
    public List<String> headers(String name) {
      List<String> values = exchange.getRequestHeaders().get(name); // Headers are case-insensitive
      return values == null ? List.of() : values;
    }

    @Override
    public List<String> queryParameters(String name) {
      return Adapters.queryParameters(exchange.getRequestURI().getRawQuery(), name);
    }

    @Override
    public Optional<InetAddress> remoteAddress() {
      InetSocketAddress peer = exchange.getRemoteAddress();
      return peer == null ? Optional.empty() : Optional.ofNullable(peer.getAddress());
    }

    @Override
    public String method() {
      return exchange.getRequestMethod();
    }

    /** The path as sent, still percent-encoded, like the Servlet adapter's. */
    @Override
    public String path() {
      return exchange.getRequestURI().getRawPath();
    }
  }
}
