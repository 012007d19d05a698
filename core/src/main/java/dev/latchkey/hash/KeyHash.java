package dev.latchkey.hash;

import dev.latchkey.Secret;

/**
 * A stored, self-describing hash of a secret: {@code sha256:…}, {@code hmac-sha256:<pepper>:…},
 * {@code hmac-sha512:<pepper>:…}, {@code $pbkdf2-sha256$…}, {@code moose-pbkdf2:…}, and, with
 * {@code latchkey-keystore-file} on the module path, bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$})
 * and {@code $argon2id$…}. Made by {@link KeyHashes}; plugged in through {@link KeyHashFormat}.
 *
 * <p>{@link #verify(Secret)} compares in constant time and never throws for any secret. A hash is not
 * itself a secret, but its {@code toString} shows only the format, since a mistyped configuration can
 * put a plaintext key where a hash belongs.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface KeyHash {

  /**
   * The format name, such as {@code sha256}, {@code pbkdf2-sha256} or {@code bcrypt}.
   *
   * @return the format name; never null
   */
  String format();

  /**
   * The self-describing text to store; {@link KeyHashes#parse} reads it back.
   *
   * @return the encoded hash; never null, and safe to store but not to publish
   */
  String encoded();

  /**
   * Whether {@code secret} is the secret this hash was made from; constant-time.
   *
   * @param secret the presented secret
   * @return {@code true} if it matches
   */
  boolean verify(Secret secret);

  /**
   * Whether verifying costs a deliberately slow key derivation (PBKDF2, bcrypt, Argon2). Slow hashes
   * are for imported or human-chosen secrets; generated keys use fast digests.
   *
   * @return {@code true} for a slow key derivation
   */
  boolean isSlow();
}
