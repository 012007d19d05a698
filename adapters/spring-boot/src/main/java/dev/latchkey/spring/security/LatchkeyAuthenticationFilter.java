package dev.latchkey.spring.security;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Reason;
import dev.latchkey.servlet.LatchkeyServletFilter;
import dev.latchkey.servlet.ServletExchange;
import dev.latchkey.spring.OpenPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates each request of a Spring Security filter chain with Latchkey; added by
 * {@link LatchkeyConfigurer}.
 *
 * <ul>
 *   <li>Authenticated: the request's security context holds a {@link LatchkeyAuthentication} for the
 *       principal (also kept as the request attribute {@link LatchkeyServletFilter#PRINCIPAL_ATTRIBUTE}),
 *       for this request only: nothing is stored in a session.
 *   <li>No credentials: the request goes on unauthenticated, so the application's rules decide
 *       ({@code permitAll} paths answer); a rule that needs authentication gets Latchkey's 401 from the
 *       {@link LatchkeyAuthenticationEntryPoint}.
 *   <li>Any other denial (a wrong or expired credential, a rate limit, an address not allowed): answered at
 *       once by the entry point with Latchkey's status, headers and body, whatever the path's rules.
 *   <li>An open path, or a request already authenticated by another mechanism: left alone.
 * </ul>
 *
 * <p>The request is read through the Servlet adapter's view (never a form body). Thread-safe; never logs,
 * and never sees the secret except inside the {@link Authenticator}.
 */
public final class LatchkeyAuthenticationFilter extends OncePerRequestFilter {
  /** The request attribute holding the denial of a request that came without credentials: {@value}. */
  public static final String DENIAL_ATTRIBUTE = "dev.latchkey.spring.Denied";

  private final Authenticator authenticator;
  private final OpenPaths openPaths;
  private final AuthenticationEntryPoint entryPoint;
  private final SecurityContextHolderStrategy contexts;

  /**
   * A filter authenticating with {@code authenticator}.
   *
   * @param authenticator the authenticator to ask
   * @param openPaths the paths left alone
   * @param entryPoint what answers a denial
   * @param contexts where the security context of the request is kept
   */
  public LatchkeyAuthenticationFilter(Authenticator authenticator, OpenPaths openPaths,
      AuthenticationEntryPoint entryPoint, SecurityContextHolderStrategy contexts) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.openPaths = Objects.requireNonNull(openPaths, "openPaths");
    this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
    this.contexts = Objects.requireNonNull(contexts, "contexts");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return openPaths.matches(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication existing = contexts.getContext().getAuthentication();
    if (existing != null && existing.isAuthenticated() && !(existing instanceof LatchkeyAuthentication)
        && !(existing instanceof AnonymousAuthenticationToken)) {
      chain.doFilter(request, response);
      return;
    }
    AuthResult result = authenticator.authenticate(ServletExchange.request(request));
    if (result instanceof AuthResult.Authenticated ok) {
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(new LatchkeyAuthentication(ok.principal()));
      contexts.setContext(context);
      request.setAttribute(LatchkeyServletFilter.PRINCIPAL_ATTRIBUTE, ok.principal());
      chain.doFilter(request, response);
      return;
    }
    AuthResult.Denied denied = (AuthResult.Denied) result;
    contexts.clearContext();
    if (denied.reason() == Reason.MISSING_CREDENTIAL) {
      request.setAttribute(DENIAL_ATTRIBUTE, denied);
      chain.doFilter(request, response);
      return;
    }
    entryPoint.commence(request, response, new LatchkeyAuthenticationException(denied));
  }
}
