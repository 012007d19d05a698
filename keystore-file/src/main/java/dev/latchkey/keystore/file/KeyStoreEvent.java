package dev.latchkey.keystore.file;

import dev.latchkey.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Something a {@link FileKeyStore}, {@link OmnidevKeyFile} or a store in a database did in the
 * background, for the host's monitoring: a reload of an external edit, a reload that failed (the last
 * good keys stay in force), a background write that failed (it is retried), a database that could not
 * be reached (the last keys loaded stay in force) and its return. Never carries a secret. Immutable.
 */
public sealed interface KeyStoreEvent {

  /**
   * The key file concerned; for a store in a database, a path naming it ({@code host:port/database}).
   *
   * @return the key file's path; never null
   */
  Path file();

  /**
   * An external change to the file was loaded.
   *
   * @param file the key file
   * @param keys how many keys it now holds
   */
  record Reloaded(Path file, int keys) implements KeyStoreEvent {
    /**
     * Rejects nulls.
     *
     * @param file the key file
     * @param keys how many keys it now holds
     */
    public Reloaded {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * An external change could not be loaded; the keys loaded before stay in force until the file is
   * fixed.
   *
   * @param file the key file
   * @param problems every problem found, each with its line, column and key
   */
  record ReloadFailed(Path file, List<ConfigurationException.Problem> problems) implements KeyStoreEvent {
    /**
     * Rejects nulls and copies.
     *
     * @param file the key file
     * @param problems every problem found, each with its line, column and key
     */
    public ReloadFailed {
      Objects.requireNonNull(file, "file");
      problems = List.copyOf(problems);
    }
  }

  /**
   * A background write (recording when keys were last used, upgrading imported hashes) failed; it is
   * tried again at the next flush.
   *
   * @param file the key file
   * @param failure what failed: the exception's class and the store's own message, never a secret
   */
  record WriteFailed(Path file, String failure) implements KeyStoreEvent {
    /**
     * Rejects nulls.
     *
     * @param file the key file
     * @param failure what failed: the exception's class and the store's own message, never a secret
     */
    public WriteFailed {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * The database of a store could not be reached or read: verification goes on from the keys loaded
   * last, writes fail, and the store catches up when the database is back.
   *
   * @param store the database, as {@code host:port/database} (never a password)
   * @param failure what failed: the exception's class and SQL state, never a secret
   */
  record StorageUnavailable(String store, String failure) implements KeyStoreEvent {
    /**
     * Rejects nulls.
     *
     * @param store the database, as {@code host:port/database} (never a password)
     * @param failure what failed: the exception's class and SQL state, never a secret
     */
    public StorageUnavailable {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public Path file() {
      return Path.of(store);
    }
  }

  /**
   * The database of a store is reachable again and the store has caught up with every change made
   * meanwhile (a revocation included).
   *
   * @param store the database, as {@code host:port/database}
   * @param keys how many keys the store now holds
   */
  record StorageRestored(String store, int keys) implements KeyStoreEvent {
    /**
     * Rejects nulls.
     *
     * @param store the database, as {@code host:port/database}
     * @param keys how many keys the store now holds
     */
    public StorageRestored {
      Objects.requireNonNull(store, "store");
    }

    @Override
    public Path file() {
      return Path.of(store);
    }
  }
}
