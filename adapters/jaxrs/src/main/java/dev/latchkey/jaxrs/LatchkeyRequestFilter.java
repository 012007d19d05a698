package dev.latchkey.jaxrs;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Principal;
import dev.latchkey.spi.Adapters;
import dev.latchkey.spi.DeniedResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates every request of a Jakarta REST application with a Latchkey {@link Authenticator}.
 * Register an instance, since it needs its authenticator: {@code resourceConfig.register(new LatchkeyRequestFilter(auth))}
 * on Jersey, or return it from {@code Application.getSingletons()}.
 *
 * <p>It is a pre-matching filter at {@link Priorities#AUTHENTICATION}: it runs for every request the
 * application receives, before resource matching (so an unknown path is not told apart from a known
 * one before the caller is authenticated) and before authorization filters such as Jersey's
 * {@code RolesAllowedDynamicFeature}.
 *
 * <p>An authenticated request goes on with its {@link Principal}:
 * <ul>
 *   <li>through the standard API: the request's {@link SecurityContext} answers
 *       {@code getUserPrincipal()} (a {@link LatchkeyUserPrincipal}, named after the principal),
 *       {@code isUserInRole(role)} from the principal's roles (so {@code @RolesAllowed} works),
 *       {@code getAuthenticationScheme()} = {@value #AUTH_TYPE}, and {@code isSecure()} as the runtime
 *       said;
 *   <li>as the request property {@value #PRINCIPAL_PROPERTY}, read with
 *       {@link #principal(ContainerRequestContext)}, or from the security context with
 *       {@link #principal(SecurityContext)}.
 * </ul>
 *
 * <p>A denied request is aborted here with the denial's status, every one of its headers
 * ({@code WWW-Authenticate}, {@code Retry-After}), {@code Content-Type: application/json} and
 * {@link AuthResult.Denied#toJson()} as the body, the same response the JDK HttpServer and Servlet
 * adapters send; no resource method runs.
 *
 * <p>Jakarta REST has no standard way to learn the client's address. The filter reads it from the
 * request property {@value #CLIENT_ADDRESS_PROPERTY} (an {@link InetAddress}, or an IP literal as a
 * {@code String}), which a container-specific pre-matching filter of higher priority sets (on Jersey
 * with Grizzly, from the injected {@code org.glassfish.grizzly.http.server.Request}); without it the
 * request has no address, and an IP allowlist denies it.
 *
 * <p>Thread-safe: one filter serves all requests. It never logs, and never sees the secret except
 * inside the {@link Authenticator}. The query string is read raw, never a form body.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class LatchkeyRequestFilter implements ContainerRequestFilter {
  /**
   * The request property holding the authenticated {@link Principal}: {@value}, the name the other
   * adapters use for their request attribute.
   */
  public static final String PRINCIPAL_PROPERTY = Adapters.PRINCIPAL_ATTRIBUTE;

  /**
   * The request property the filter reads the client's address from: {@value}. Its value is an
   * {@link InetAddress} or an IP literal {@code String}; anything else counts as no address.
   */
  public static final String CLIENT_ADDRESS_PROPERTY = "dev.latchkey.ClientAddress";

  /** What {@link SecurityContext#getAuthenticationScheme()} answers for a request this filter authenticated. */
  public static final String AUTH_TYPE = "LATCHKEY";

  private final Authenticator authenticator;

  /**
   * A filter that authenticates with {@code authenticator}.
   *
   * @param authenticator the authenticator to ask for every request; the filter does not close it
   */
  public LatchkeyRequestFilter(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /**
   * The principal of a request this filter authenticated, if any.
   *
   * @param request a request that passed through this filter
   * @return the authenticated principal; empty if this filter did not authenticate the request
   */
  public static Optional<Principal> principal(ContainerRequestContext request) {
    return Adapters.principal(request.getProperty(PRINCIPAL_PROPERTY));
  }

  /**
   * The principal behind a security context this filter set, if it is one; for resources that have
   * the {@code @Context SecurityContext} at hand.
   *
   * @param securityContext a request's security context
   * @return the authenticated principal; empty if the context's user is not a Latchkey principal
   */
  public static Optional<Principal> principal(SecurityContext securityContext) {
    return securityContext.getUserPrincipal() instanceof LatchkeyUserPrincipal user ? Optional.of(user.principal()) : Optional.empty();
  }

  /**
   * Authenticates the request; lets it go on with its principal and security context, or aborts it
   * with the denial. Never throws for bad input.
   *
   * @param request the request
   */
  @Override
  public void filter(ContainerRequestContext request) {
    AuthResult result = authenticator.authenticate(new RequestView(request));
    if (result instanceof AuthResult.Authenticated ok) {
      SecurityContext before = request.getSecurityContext();
      request.setProperty(PRINCIPAL_PROPERTY, ok.principal());
      request.setSecurityContext(new LatchkeySecurityContext(ok.principal(), before != null && before.isSecure()));
      return;
    }
    DeniedResponse denied = DeniedResponse.of((AuthResult.Denied) result);
    Response.ResponseBuilder response = Response.status(denied.status()).entity(denied.body());
    denied.headers().forEach(response::header);
    request.abortWith(response.build());
  }

  /** A no-copy view of a Jakarta REST request. */
  private record RequestView(ContainerRequestContext request) implements AuthRequest {
    @Override
    public List<String> headers(String name) {
      List<String> values = request.getHeaders().get(name); // case-insensitive in Jersey and RESTEasy
      return values == null ? List.of() : values;
    }

    @Override
    public List<String> queryParameters(String name) {
      return Adapters.queryParameters(request.getUriInfo().getRequestUri().getRawQuery(), name);
    }

    @Override
    public Optional<InetAddress> remoteAddress() {
      Object address = request.getProperty(CLIENT_ADDRESS_PROPERTY);
      if (address instanceof InetAddress inet) {
        return Optional.of(inet);
      }
      return address instanceof String literal ? Adapters.ipLiteral(literal) : Optional.empty();
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    /** The path as sent, still percent-encoded, like the other adapters'. */
    @Override
    public String path() {
      return request.getUriInfo().getRequestUri().getRawPath();
    }
  }

  /** The security context of an authenticated request. */
  private record LatchkeySecurityContext(Principal principal, boolean secure) implements SecurityContext {
    @Override
    public java.security.Principal getUserPrincipal() {
      return new LatchkeyUserPrincipal(principal);
    }

    @Override
    public boolean isUserInRole(String role) {
      return role != null && principal.hasRole(role);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return AUTH_TYPE;
    }
  }
}
