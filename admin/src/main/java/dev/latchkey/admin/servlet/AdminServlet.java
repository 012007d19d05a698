package dev.latchkey.admin.servlet;

import dev.latchkey.Principal;
import dev.latchkey.admin.AdminHandler;
import dev.latchkey.admin.AdminRequest;
import dev.latchkey.admin.AdminResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves an {@link AdminHandler} in a Jakarta Servlet 6 container: register an instance at the mount
 * path, e.g. {@code context.addServlet(new ServletHolder(new AdminServlet(handler)), "/latchkey/admin/*")}
 * with Jetty, or a {@code ServletRegistrationBean} in Spring Boot. Map it outside Latchkey's filter (the
 * console's page needs no credential; the handler authenticates every API call itself); if the filter did
 * authenticate the request, the principal it put in the attribute {@value #PRINCIPAL_ATTRIBUTE} is used.
 *
 * <p>The handler sees the path after the context path (so its mount path is the path within the web
 * application), and a {@code Location} it answers with gets the context path back. Reads at most
 * {@link AdminHandler#maxBodyBytes()} + 1 bytes of a body. Thread-safe.
 */
public final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The request attribute where Latchkey's adapters put the authenticated principal: {@value}. */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.latchkey.Principal";

  /** The handler; a servlet is serialised only by containers that persist sessions, which this one keeps none of. */
  private final transient AdminHandler handler;

  /**
   * Serves {@code handler}.
   *
   * @param handler the key management handler
   */
  public AdminServlet(AdminHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(handler.maxBodyBytes() + 1);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Optional<Principal> principal = request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof Principal p ? Optional.of(p) : Optional.empty();
    String query = request.getQueryString();
    AdminResponse answer = handler.handle(new AdminRequest(request.getMethod(), path, query == null ? "" : query, headers, body,
        address(request.getRemoteAddr()), principal));
    response.setStatus(answer.status());
    String context = request.getContextPath();
    // The handler's paths are the context's; a Location it gives is made absolute for the container.
    answer.headers().forEach((name, value) -> response.setHeader(name, name.equals("Location") && value.startsWith("/") ? context + value : value));
    byte[] out = answer.body();
    response.setContentLength(out.length);
    if (out.length > 0) {
      response.getOutputStream().write(out);
    }
  }

  /** The address in an IP literal as the container reports it; never asks DNS. */
  private static Optional<InetAddress> address(String literal) {
    if (literal == null || !literal.matches("\\[?[0-9A-Fa-f:.]+]?")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal));
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
  }
}
