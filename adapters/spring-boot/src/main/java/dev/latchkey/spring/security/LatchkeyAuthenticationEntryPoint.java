package dev.latchkey.spring.security;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.AuthTrace;
import dev.latchkey.Reason;
import dev.latchkey.Authenticator;
import dev.latchkey.servlet.ServletExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers an unauthenticated request the way Latchkey does: the status, {@code WWW-Authenticate} and
 * {@code Retry-After} headers and JSON body of Latchkey's denial, written by the Servlet adapter.
 *
 * <p>The denial is the one carried by a {@link LatchkeyAuthenticationException}, or the one
 * {@link LatchkeyAuthenticationFilter} kept for a request that came without credentials and reached a
 * resource that needs them. A request Latchkey never saw (an open path the application's own rules
 * protect) is answered as Latchkey answers a request without credentials. Never writes a secret.
 * Thread-safe.
 */
public final class LatchkeyAuthenticationEntryPoint implements AuthenticationEntryPoint {
  private final Authenticator authenticator;

  /**
   * An entry point answering with {@code authenticator}'s denials.
   *
   * @param authenticator the authenticator the requests are checked with
   */
  public LatchkeyAuthenticationEntryPoint(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    ServletExchange.sendDenial(response, denial(request, failure));
  }

  private AuthResult.Denied denial(HttpServletRequest request, AuthenticationException failure) {
    if (failure instanceof LatchkeyAuthenticationException latchkey) {
      return latchkey.denied();
    }
    if (request.getAttribute(LatchkeyAuthenticationFilter.DENIAL_ATTRIBUTE) instanceof AuthResult.Denied kept) {
      return kept;
    }
    AuthResult result = authenticator.authenticate(withoutCredentials(ServletExchange.request(request)));
    if (result instanceof AuthResult.Denied denied) {
      return denied;
    }
    // A chain that accepts a request without credentials still answers here: the application refused it.
    return new AuthResult.Denied(Reason.MISSING_CREDENTIAL, Reason.MISSING_CREDENTIAL.httpStatus(),
        Reason.MISSING_CREDENTIAL.defaultMessage(), Map.of(), Optional.empty(), AuthTrace.empty());
  }

  /** The request with nothing Latchkey could read a credential from: its address, method and path only. */
  private static AuthRequest withoutCredentials(AuthRequest request) {
    AuthRequest.Builder bare = AuthRequest.builder().method(request.method()).path(request.path());
    request.remoteAddress().ifPresent(bare::remoteAddress);
    return bare.build();
  }
}
