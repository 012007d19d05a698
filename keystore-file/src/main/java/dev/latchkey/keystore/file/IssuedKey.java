package dev.latchkey.keystore.file;

import dev.latchkey.Secret;
import java.util.Objects;

/**
 * A key just created or regenerated: its stored description and its secret, which the store hands out
 * exactly this once (unless it keeps an encrypted copy the owner may {@link FileKeyStore#view view}).
 * {@code toString} shows the id and display hint, never the secret. Immutable.
 *
 * @param key the key as stored
 * @param secret the key itself, to give to its user
 */
public record IssuedKey(StoredKey key, Secret secret) {
  /**
   * Rejects nulls.
   *
   * @param key the key as stored
   * @param secret the key itself, to give to its user
   */
  public IssuedKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "IssuedKey[id=" + key.id() + ", start=" + key.start().orElse("?") + ", " + secret.fingerprint() + "]";
  }
}
