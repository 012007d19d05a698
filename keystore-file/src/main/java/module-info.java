/**
 * Latchkey file key store: the managed JSON key store, YAML role-mapped keys, the YAML chain
 * configuration and Omnidev key-file import.
 *
 * <p>Today this module contributes the bcrypt and Argon2id key-hash formats (on BouncyCastle) to
 * {@code dev.latchkey.hash.KeyHashes}; its API package {@code dev.latchkey.keystore.file} is added,
 * and exported, with the key store.
 */
module dev.latchkey.keystore.file {
  requires transitive dev.latchkey.core;
  requires org.bouncycastle.provider;

  provides dev.latchkey.hash.KeyHashFormat with
      dev.latchkey.keystore.file.internal.BcryptFormat,
      dev.latchkey.keystore.file.internal.Argon2idFormat;
}
