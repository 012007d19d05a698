package dev.latchkey.keystore.file;

import dev.latchkey.keystore.file.spec.ManagedKeyStoreContract;
import java.time.Duration;

/** The managed key store's lifecycle with its keys in the JSON file. */
class FileKeyStoreContractTest extends ManagedKeyStoreContract {
  @Override
  protected ManagedKeyStoreBuilder<?> builder() {
    return FileKeyStore.builder(dir.resolve("keys.json")).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO);
  }

  @Override
  protected ManagedKeyStore open(ManagedKeyStoreBuilder<?> builder) {
    return ((FileKeyStore.Builder) builder).open();
  }

  @Override
  protected String defaultSourceId() {
    return FileKeyStore.DEFAULT_ID;
  }
}
