package dev.latchkey.servlet;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.spi.Adapters;
import dev.latchkey.spi.DeniedResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The two halves of the Servlet adapter that every Servlet-based integration shares (the
 * {@link LatchkeyServletFilter}, the Spring Security integration of {@code latchkey-spring-boot-starter}):
 * a request as Latchkey reads it, and a denial written as a response.
 *
 * <p>The request view copies nothing and reads the raw query string, never {@code getParameter}, so a
 * form body is never consumed. A denial is written as its status, every one of its headers,
 * {@code Content-Type: application/json} and its JSON body ({@link DeniedResponse}), so every adapter
 * answers alike. Stateless and thread-safe; never logs, never sees a secret outside the request itself.
 */
public final class ServletExchange {
  private ServletExchange() {}

  /**
   * A no-copy view of {@code request} for {@link dev.latchkey.Authenticator#authenticate}.
   *
   * @param request the container's request
   * @return the view; it reads the request when asked, so it is used while the request is served
   */
  public static AuthRequest request(HttpServletRequest request) {
    return new ServletRequestView(request);
  }

  /**
   * Writes Latchkey's answer to a denied request.
   *
   * @param response the response, not yet committed
   * @param denied the denial
   * @throws IOException if the body cannot be written
   */
  public static void sendDenial(HttpServletResponse response, AuthResult.Denied denied) throws IOException {
    send(response, DeniedResponse.of(denied));
  }

  /**
   * Writes {@code denied}: its status, every header and its body, and nothing else.
   *
   * @param response the response, not yet committed
   * @param denied what to send
   * @throws IOException if the body cannot be written
   */
  public static void send(HttpServletResponse response, DeniedResponse denied) throws IOException {
    byte[] body = denied.body();
    response.setStatus(denied.status());
    denied.headers().forEach(response::setHeader);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** A no-copy view of a Servlet request. */
  private record ServletRequestView(HttpServletRequest request) implements AuthRequest {
    @Override
    public List<String> headers(String name) {
      Enumeration<String> values = request.getHeaders(name); // case-insensitive by the Servlet spec
      return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }

    @Override
    public List<String> queryParameters(String name) {
      return Adapters.queryParameters(request.getQueryString(), name);
    }

    @Override
    public Optional<InetAddress> remoteAddress() {
      return Adapters.ipLiteral(request.getRemoteAddr());
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    /** The path as sent, still percent-encoded, like the JDK HttpServer adapter's. */
    @Override
    public String path() {
      return request.getRequestURI();
    }
  }
}
