package dev.latchkey;

import java.util.Objects;

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
  /** Rejects nulls. */
  public Credential {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(carrier, "carrier");
  }

  /** A credential sent as {@code Authorization: Bearer}; convenient in tests. */
  public static Credential bearer(String secret) {
    return new Credential(Secret.of(secret), CredentialCarrier.bearer());
  }
}
