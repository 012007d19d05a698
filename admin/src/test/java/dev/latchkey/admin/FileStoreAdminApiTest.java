package dev.latchkey.admin;

import dev.latchkey.Secret;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.ManagedKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The key management API over the JSON file store. */
class FileStoreAdminApiTest extends AdminApiSpec {
  @TempDir
  Path dir;
  private Path file;

  @Override
  ManagedKeyStore openStore(Clock clock, Optional<Secret> encryptionKey) {
    file = dir.resolve("keys-" + System.nanoTime() + ".json");
    FileKeyStore.Builder builder = FileKeyStore.builder(file).clock(clock);
    encryptionKey.ifPresent(builder::encryptionKey);
    return builder.open();
  }

  /** The key file is replaced by a directory: the store keeps its keys and refuses writes until fixed. */
  @Override
  void makeStoreRefuseWrites() {
    try {
      Files.delete(file);
      Files.createDirectory(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
