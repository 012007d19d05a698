package dev.latchkey.examples.cli;

import dev.latchkey.ConfigurationException;
import dev.latchkey.Secret;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.file.ManagedKeyStoreBuilder;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/**
 * The options every {@code keys} command shares: the store ({@code --store}), a JSON file or a
 * PostgreSQL database ({@code jdbc:postgresql://…}, its password from {@code --password-env VAR} or
 * {@code PGPASSWORD}, never an argument). Opens the store for one operation and turns its failures into
 * exit statuses: a broken or unreadable file is 2 (with every problem's file, line and column), an
 * unknown key, a failed write or an unreachable database 1.
 */
final class KeyStoreOptions {
  private static final String POSTGRES = "jdbc:postgresql://";

  @Option(names = "--store", required = true, paramLabel = "FILE",
      description = "The key store: a JSON file ('keys create' makes it), or a PostgreSQL database as jdbc:postgresql://host[:port]/database[?user=NAME].")
  private String store;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "For a database: the environment variable holding its password (PGPASSWORD if left out).")
  private String passwordVariable;

  @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "For a database: the key tables' prefix (latchkey_ by default).")
  private String tablePrefix;

  /** The store file; only for a store in a file. */
  Path file() {
    return Path.of(store);
  }

  /** As {@link #apply(Terminal, boolean, Optional, Function)}, without an encryption key. */
  <T> T apply(Terminal terminal, boolean mayCreate, Function<ManagedKeyStore, T> operation) {
    return apply(terminal, mayCreate, Optional.empty(), operation);
  }

  /**
   * Opens the store (keeping viewable copies under {@code encryptionKey}, if given), runs
   * {@code operation} on it and closes it. Only {@code keys create} may make a new file or the tables
   * of a database ({@code mayCreate}); the others refuse a file that is not there, which is most likely
   * a typo.
   */
  <T> T apply(Terminal terminal, boolean mayCreate, Optional<Secret> encryptionKey, Function<ManagedKeyStore, T> operation) {
    ManagedKeyStoreBuilder<?> builder = store.startsWith(POSTGRES) ? database(terminal, mayCreate) : file(mayCreate);
    builder.clock(terminal.clock()).flushInterval(Duration.ZERO);
    encryptionKey.ifPresent(builder::encryptionKey);
    ManagedKeyStore opened;
    try {
      opened = builder instanceof FileKeyStore.Builder f ? f.open() : ((PostgresKeyStore.Builder) builder).open();
    } catch (ConfigurationException e) {
      throw CommandFailure.configuration(store + " is not a usable key store", e);
    } catch (KeyStoreException e) {
      throw failure(e);
    }
    try (opened) {
      return operation.apply(opened);
    } catch (KeyStoreException e) {
      throw failure(e);
    }
  }

  private FileKeyStore.Builder file(boolean mayCreate) {
    Path file = file();
    if (!mayCreate && !Files.exists(file)) {
      throw CommandFailure.usage(file + ": no such key store ('latchkey keys create --store " + file + " …' makes one)");
    }
    return FileKeyStore.builder(file).refreshInterval(Duration.ZERO);
  }

  private PostgresKeyStore.Builder database(Terminal terminal, boolean mayCreate) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    try {
      source.setURL(store);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--store: not a PostgreSQL URL (jdbc:postgresql://host[:port]/database)");
    }
    String variable = passwordVariable != null ? passwordVariable : "PGPASSWORD";
    Optional<String> password = terminal.variable(variable);
    if (passwordVariable != null && password.isEmpty()) {
      throw CommandFailure.usage("--password-env: the variable " + passwordVariable + " is not set");
    }
    password.ifPresent(source::setPassword);
    if (source.getUser() == null) {
      terminal.variable("PGUSER").ifPresent(source::setUser);
    }
    PostgresKeyStore.Builder builder = PostgresKeyStore.builder(source).createSchema(mayCreate).notifications(false);
    if (tablePrefix != null) {
      try {
        builder.tablePrefix(tablePrefix);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage("--table-prefix: " + e.getMessage());
      }
    }
    return builder;
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
