/**
 * Latchkey PostgreSQL key store: {@link dev.latchkey.keystore.postgres.PostgresKeyStore}, the managed
 * key store of {@code dev.latchkey.keystore.file} with its keys in PostgreSQL, shared by every replica
 * of a service; each verifies from memory and follows the database's changes. Chain configurations
 * choose it with {@code type: postgres-store}. Implementation packages are not exported.
 */
module dev.latchkey.keystore.postgres {
  requires transitive dev.latchkey.keystore.file;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports dev.latchkey.keystore.postgres;

  provides dev.latchkey.config.CredentialSourceFactory with
      dev.latchkey.keystore.postgres.internal.PostgresStoreSourceFactory;
}
