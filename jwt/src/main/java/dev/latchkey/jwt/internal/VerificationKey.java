package dev.latchkey.jwt.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * One key a token may be verified with, bound to exactly one algorithm (RFC 8725 §3.1), converted to
 * its JCA form once. Immutable and thread-safe.
 *
 * @param kid the key id, if it has one
 * @param check the prepared signature check, which carries the algorithm
 * @param description type and size for messages and traces, never key material
 */
public record VerificationKey(Optional<String> kid, SignatureCheck check, String description) {
  /** Rejects nulls. */
  public VerificationKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(description, "description");
  }

  /** The algorithm the key is bound to. */
  public String algorithm() {
    return check.algorithm();
  }
}
