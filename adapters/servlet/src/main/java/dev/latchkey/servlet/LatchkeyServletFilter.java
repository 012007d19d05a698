package dev.latchkey.servlet;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Principal;
import dev.latchkey.spi.Adapters;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates every request a Jakarta Servlet container routes through it with a Latchkey
 * {@link Authenticator}. Register an instance programmatically, since it needs its authenticator:
 * {@code servletContext.addFilter("latchkey", new LatchkeyServletFilter(auth)).addMappingForUrlPatterns(null, false, "/api/*")},
 * or Jetty's {@code new FilterHolder(new LatchkeyServletFilter(auth))}.
 *
 * <p>An authenticated request goes on down the chain with its {@link Principal}:
 * <ul>
 *   <li>as the request attribute {@value #PRINCIPAL_ATTRIBUTE}, read
 *       with {@link #principal(ServletRequest)};
 *   <li>through the standard API: the request the application sees answers
 *       {@code getUserPrincipal()} (named after the principal), {@code getRemoteUser()},
 *       {@code isUserInRole(role)} from the principal's roles, and {@code getAuthType()} =
 *       {@value #AUTH_TYPE}.
 * </ul>
 *
 * <p>A denied request is answered here with the denial's status, every one of its headers
 * ({@code WWW-Authenticate}, {@code Retry-After}), {@code Content-Type: application/json} and
 * {@link AuthResult.Denied#toJson()} as the body; the rest of the chain never runs.
 *
 * <p>This class is the template for adapters to other HTTP stacks: give Latchkey a no-copy view of the
 * request ({@link AuthRequest}), put the principal where the application finds it, and write a denial as
 * status + headers + JSON. The request view reads the raw query string, never {@code getParameter},
 * so a form body is never consumed.
 *
 * <p>Thread-safe: one filter serves all requests. It never logs, and never sees the secret except
 * inside the {@link Authenticator}.
 */
public final class LatchkeyServletFilter implements Filter {
  /**
   * The request attribute holding the authenticated {@link Principal}: {@value}, the same name the
   * JDK HttpServer adapter uses.
   */
  public static final String PRINCIPAL_ATTRIBUTE = Adapters.PRINCIPAL_ATTRIBUTE;

  /** What {@code getAuthType()} answers for a request this filter authenticated. */
  public static final String AUTH_TYPE = "LATCHKEY";

  private final Authenticator authenticator;

  /**
   * A filter that authenticates with {@code authenticator}.
   *
   * @param authenticator the authenticator to ask for every request; the filter does not close it
   */
  public LatchkeyServletFilter(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /**
   * The principal of a request this filter authenticated, if any.
   *
   * @param request a request that passed through this filter
   * @return the authenticated principal; empty if this filter did not authenticate the request
   */
  public static Optional<Principal> principal(ServletRequest request) {
    return Adapters.principal(request.getAttribute(PRINCIPAL_ATTRIBUTE));
  }

  /**
   * Authenticates the request; passes it on with its principal, or answers the denial.
   *
   * @throws ServletException if the request is not an HTTP request
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
      throw new ServletException("Latchkey authenticates HTTP requests only");
    }
    AuthResult result = authenticator.authenticate(ServletExchange.request(http));
    if (result instanceof AuthResult.Authenticated ok) {
      http.setAttribute(PRINCIPAL_ATTRIBUTE, ok.principal());
      chain.doFilter(new AuthenticatedRequest(http, ok.principal()), httpResponse);
      return;
    }
    ServletExchange.sendDenial(httpResponse, (AuthResult.Denied) result);
  }

  /** The request the application sees: the container's, answering the standard security calls. */
  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final Principal principal;

    AuthenticatedRequest(HttpServletRequest request, Principal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public java.security.Principal getUserPrincipal() {
      return new UserPrincipal(principal.name());
    }

    @Override
    public String getRemoteUser() {
      return principal.name();
    }

    @Override
    public boolean isUserInRole(String role) {
      return role != null && principal.hasRole(role);
    }

    @Override
    public String getAuthType() {
      return AUTH_TYPE;
    }
  }

  /** The standard-API face of a Latchkey principal: its name. */
  private record UserPrincipal(String name) implements java.security.Principal {
    @Override
    public String getName() {
      return name;
    }
  }
}
