package dev.latchkey;

import dev.latchkey.internal.CredentialRules;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential a client presented: the {@link Secret} and the {@link CredentialCarrier} it came in.
 * {@link #toString()} shows the carrier and the secret's fingerprint, never the secret.
 *
 * <p>Immutable and thread-safe.
 *
 * @param secret the presented secret
 * @param carrier where it was found
 */
public record Credential(Secret secret, CredentialCarrier carrier) {
  /**
   * Rejects nulls.
   *
   * @param secret the presented secret
   * @param carrier where it was found
   */
  public Credential {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(carrier, "carrier");
  }

  /**
   * Why {@code value} could never arrive as a credential, if it could not: it contains whitespace,
   * a control character or an unpaired surrogate, all of which the authenticator refuses. Key stores
   * use this to refuse such keys at load time. The reason never quotes the value.
   *
   * @param value a candidate key, such as one read from a key store
   * @return the problem, such as {@code contains whitespace}; empty if {@code value} could arrive as a
   *     credential
   */
  public static Optional<String> problemWith(String value) {
    return CredentialRules.problemWith(value);
  }

  /**
   * A credential sent as {@code Authorization: Bearer}; convenient in tests.
   *
   * @param secret the token text; non-empty
   * @return a credential holding {@code secret}, carried as a bearer token
   */
  public static Credential bearer(String secret) {
    return new Credential(Secret.of(secret), CredentialCarrier.bearer());
  }
}
