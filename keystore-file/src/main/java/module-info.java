/**
 * Latchkey file key store: the managed JSON key store ({@link dev.latchkey.keystore.file.FileKeyStore}),
 * Omnidev's key file as a source ({@link dev.latchkey.keystore.file.OmnidevKeyFile}), role-mapped keys
 * declared in YAML ({@link dev.latchkey.keystore.file.YamlKeySource}), the YAML reader behind
 * {@link dev.latchkey.config.ChainConfiguration} and {@code Latchkey.fromYaml}, and the bcrypt and
 * Argon2id key-hash formats (on BouncyCastle) for {@code dev.latchkey.hash.KeyHashes}.
 */
@SuppressWarnings("module") // the PostgreSQL store is a module of its own, built after this one
module dev.latchkey.keystore.file {
  requires transitive dev.latchkey.core;
  requires com.fasterxml.jackson.databind;
  requires org.bouncycastle.provider;
  requires org.slf4j;
  requires org.yaml.snakeyaml;

  exports dev.latchkey.keystore.file;
  // The storage SPI and the shared managed-store behaviour, for the PostgreSQL store.
  exports dev.latchkey.keystore.file.spi to dev.latchkey.keystore.postgres;

  provides dev.latchkey.hash.KeyHashFormat with
      dev.latchkey.keystore.file.internal.BcryptFormat,
      dev.latchkey.keystore.file.internal.Argon2idFormat;
  provides dev.latchkey.config.ConfigFileReader with
      dev.latchkey.keystore.file.internal.YamlConfigFileReader;
  provides dev.latchkey.config.CredentialSourceFactory with
      dev.latchkey.keystore.file.internal.YamlKeysSourceFactory,
      dev.latchkey.keystore.file.internal.FileStoreSourceFactory,
      dev.latchkey.keystore.file.internal.OmnidevFileSourceFactory;
}
