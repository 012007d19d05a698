package dev.latchkey.keystore.postgres;

import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.file.ManagedKeyStoreBuilder;
import dev.latchkey.keystore.file.spec.ManagedKeyStoreContract;
import java.time.Duration;

/** The managed key store's lifecycle with its keys in PostgreSQL. */
class PostgresKeyStoreContractTest extends ManagedKeyStoreContract {
  private final String prefix = TestPostgres.freshPrefix();

  @Override
  protected ManagedKeyStoreBuilder<?> builder() {
    return PostgresKeyStore.builder(TestPostgres.dataSource()).tablePrefix(prefix).createSchema(true).flushInterval(Duration.ZERO);
  }

  @Override
  protected ManagedKeyStore open(ManagedKeyStoreBuilder<?> builder) {
    return ((PostgresKeyStore.Builder) builder).open();
  }

  @Override
  protected String defaultSourceId() {
    return PostgresKeyStore.DEFAULT_ID;
  }
}
