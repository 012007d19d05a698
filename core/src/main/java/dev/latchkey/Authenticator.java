package dev.latchkey;

/**
 * Authenticates requests: extracts the credential, asks the configured {@link CredentialSource}s in
 * order, and answers with an {@link AuthResult}. Built by {@link Latchkey#builder()}.
 *
 * <p>Implementations are thread-safe and never throw for any request: bad input, failing sources
 * and failing listeners all become a {@link AuthResult.Denied} with the right status, and
 * unexpected internal failures are denied with {@link Reason#INTERNAL_ERROR} (fail closed).
 *
 * <p>{@link #close()} releases what its sources hold (the background threads of file-backed sources);
 * call it when the application stops.
 */
@FunctionalInterface
public interface Authenticator extends AutoCloseable {

  /**
   * Decides who {@code request} is.
   *
   * @param request the host's view of the request; never null
   * @return the decision; never null
   */
  AuthResult authenticate(AuthRequest request);

  /**
   * Closes every source this authenticator was built with that is {@link AutoCloseable} (such as a
   * file key store's background thread), each once, logging rather than throwing a failure. A source
   * shared with another authenticator stops for both. Requests after closing are still answered, from
   * the keys loaded last. Does nothing by default.
   */
  @Override
  default void close() {}
}
