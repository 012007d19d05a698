package dev.latchkey.hash;

import java.util.Objects;

/**
 * A freshly generated API key: the secret, to hand to its owner exactly once, its display hint, and
 * the hash to store. {@code toString} shows the hint and fingerprint only.
 *
 * @param secret the key itself
 * @param start the display hint, such as {@code lk_3fZ0}
 * @param hash the SHA-256 hash to store
 */
public record GeneratedKey(dev.latchkey.Secret secret, String start, KeyHash hash) {
  /**
   * Rejects nulls.
   *
   * @param secret the key itself
   * @param start the display hint, such as {@code lk_3fZ0}
   * @param hash the SHA-256 hash to store
   */
  public GeneratedKey {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(hash, "hash");
  }

  @Override
  public String toString() {
    return "GeneratedKey[start=" + start + ", " + secret.fingerprint() + "]";
  }
}
