package dev.latchkey.cli;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Secret;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.KeyStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The option every {@code keys} command shares: the store file ({@code --store}). Opens the store for
 * one operation and turns its failures into exit statuses: a broken or unreadable file is 2 (with every
 * problem's file, line and column), an unknown key or a failed write 1.
 */
final class KeyStoreOptions {
  @Option(names = "--store", required = true, paramLabel = "FILE", description = "The key store, a JSON file ('keys create' makes it).")
  private Path file;

  /** The store file. */
  Path file() {
    return file;
  }

  /** As {@link #apply(Terminal, boolean, Optional, Function)}, without an encryption key. */
  <T> T apply(Terminal terminal, boolean mayCreate, Function<FileKeyStore, T> operation) {
    return apply(terminal, mayCreate, Optional.empty(), operation);
  }

  /**
   * Opens the store (keeping viewable copies under {@code encryptionKey}, if given), runs
   * {@code operation} on it and closes it. Only {@code keys create} may make a new file
   * ({@code mayCreate}); the others refuse a file that is not there, which is most likely a typo.
   */
  <T> T apply(Terminal terminal, boolean mayCreate, Optional<Secret> encryptionKey, Function<FileKeyStore, T> operation) {
    if (!mayCreate && !Files.exists(file)) {
      throw CommandFailure.usage(file + ": no such key store ('latchkey keys create --store " + file + " …' makes one)");
    }
    FileKeyStore.Builder builder =
        FileKeyStore.builder(file).clock(terminal.clock()).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO);
    encryptionKey.ifPresent(builder::encryptionKey);
    FileKeyStore store;
    try {
      store = builder.open();
    } catch (ConfigurationException e) {
      throw CommandFailure.configuration(file + " is not a usable key store", e);
    } catch (KeyStoreException e) {
      throw failure(e);
    }
    try (store) {
      return operation.apply(store);
    } catch (KeyStoreException e) {
      throw failure(e);
    }
  }

  /** The exit status and one-line message for a failed store operation; the store's messages never quote a secret. */
  private static CommandFailure failure(KeyStoreException e) {
    return switch (e.problem()) {
      case UNREADABLE_FILE -> CommandFailure.usage(e.getMessage());
      case DUPLICATE_NAME -> CommandFailure.failure(e.getMessage().replace("allow a duplicate name", "pass --allow-duplicate-name"));
      default -> CommandFailure.failure(e.getMessage());
    };
  }
}
