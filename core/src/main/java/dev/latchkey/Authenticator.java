package dev.latchkey;

/**
 * Authenticates requests: extracts the credential, asks the configured {@link CredentialSource}s in
 * order, and answers with an {@link AuthResult}. Built by {@link Latchkey#builder()}.
 *
 * <p>Implementations are thread-safe and never throw for any request: bad input, failing sources
 * and failing listeners all become a {@link AuthResult.Denied} with the right status, and
 * unexpected internal failures are denied with {@link Reason#INTERNAL_ERROR} (fail closed).
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Decides who {@code request} is.
   *
   * @param request the host's view of the request; never null
   * @return the decision; never null
   */
  AuthResult authenticate(AuthRequest request);
}
