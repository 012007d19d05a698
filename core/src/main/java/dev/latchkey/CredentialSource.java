package dev.latchkey;

/**
 * Decides whether a credential is valid: an API-key store, environment keys, a JWT verifier.
 * Sources are composed into an ordered chain behind one {@link Authenticator}
 * ({@link Latchkey.Builder#source(CredentialSource)}); see {@link Verdict} for what each answer
 * makes the chain do.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #verify(Credential)} never throws for bad input: a credential that is not the source's
 *       is {@link Verdict#abstain()}, one that is the source's but invalid is
 *       {@link Verdict#reject(Reason, String)}. A failure of the source itself is
 *       {@link Verdict#unavailable(String)}. (A source that throws anyway is treated as unavailable
 *       and logged, without the secret, by the chain.)
 *   <li>It never logs, stores or puts into a verdict the secret; {@link Secret#fingerprint()} names
 *       it safely.
 *   <li>It is thread-safe: the authenticator calls it from many request threads at once.
 *   <li>It should not block on I/O on the request path; refresh remote or file state in the
 *       background and answer from an immutable snapshot.
 * </ul>
 */
public interface CredentialSource {

  /**
   * A stable id for this source, unique within a chain (such as {@code env} or {@code keys}); it
   * appears in principals, events and traces.
   *
   * @return the id; never null or blank
   */
  String id();

  /**
   * Verifies {@code credential}.
   *
   * @param credential the credential the client presented; never null
   * @return the verdict; never null
   */
  Verdict verify(Credential credential);

  /**
   * Whether this source verifies JSON Web Tokens. The chain asks once, when it is built, for one
   * decision: a credential shaped like a JWT (three parts of base64url text, any of them possibly
   * empty, separated by two dots) that every source abstained on is denied as
   * {@link Reason#INVALID_TOKEN} ("Invalid token") when a source of the chain verifies JWTs, and as
   * {@link Reason#INVALID_CREDENTIAL} ("Invalid API key") otherwise, as every other credential is.
   *
   * @return whether this source verifies JWTs; false by default
   */
  default boolean verifiesJwts() {
    return false;
  }
}
