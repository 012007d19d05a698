package dev.latchkey.hash;

/**
 * Service-provider interface for hash formats that live outside core (bcrypt and Argon2id in
 * {@code latchkey-keystore-file}, which need BouncyCastle). Providers are found with
 * {@link java.util.ServiceLoader}: declare {@code provides dev.latchkey.hash.KeyHashFormat with …} in
 * {@code module-info.java}, and list the class in
 * {@code META-INF/services/dev.latchkey.hash.KeyHashFormat} for class-path use.
 *
 * <p>Implementations must be thread-safe and must never put the encoded text or any secret in an
 * exception message.
 */
public interface KeyHashFormat {

  /**
   * The format name, such as {@code bcrypt}.
   *
   * @return the format name; never null
   */
  String name();

  /**
   * Whether {@code encoded} is in this format, judged cheaply from its prefix.
   *
   * @param encoded a stored hash text
   * @return {@code true} if this format should parse it
   */
  boolean recognizes(String encoded);

  /**
   * Parses {@code encoded}, which {@link #recognizes} accepted.
   *
   * @param encoded the stored hash text
   * @return the hash; never null
   * @throws InvalidKeyHashException if it is malformed
   */
  KeyHash parse(String encoded);

  /**
   * A new hash of {@code secret} in this format with its recommended parameters, or empty if this
   * format is for reading imported hashes only (bcrypt).
   *
   * @param secret the secret to hash
   * @return the new hash; empty if this format cannot make hashes
   */
  default java.util.Optional<KeyHash> create(dev.latchkey.Secret secret) {
    return java.util.Optional.empty();
  }
}
