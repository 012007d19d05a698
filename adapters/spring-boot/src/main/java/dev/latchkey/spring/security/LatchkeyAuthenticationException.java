package dev.latchkey.spring.security;

import dev.latchkey.AuthResult;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;

/**
 * Latchkey denied a request: carries the {@link AuthResult.Denied} to the
 * {@link LatchkeyAuthenticationEntryPoint}, which answers with its status, headers and JSON body. Its
 * message is the denial's public message, never a secret. Immutable.
 */
public final class LatchkeyAuthenticationException extends AuthenticationException {
  private static final long serialVersionUID = 1L;

  private final transient AuthResult.Denied denied;

  /**
   * The exception for {@code denied}.
   *
   * @param denied Latchkey's answer
   */
  public LatchkeyAuthenticationException(AuthResult.Denied denied) {
    super(Objects.requireNonNull(denied, "denied").message());
    this.denied = denied;
  }

  /**
   * Latchkey's answer.
   *
   * @return the denial to send
   */
  public AuthResult.Denied denied() {
    return denied;
  }
}
