package dev.latchkey.keystore.postgres;

import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.KeyStoreSettings;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.file.ManagedKeyStoreBuilder;
import dev.latchkey.keystore.file.ManagedKeyStoreBase;
import dev.latchkey.keystore.postgres.internal.PostgresStorage;
import dev.latchkey.keystore.postgres.internal.Schema;
import dev.latchkey.keystore.postgres.internal.Where;
import dev.latchkey.spi.Background;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The managed key store with its keys in PostgreSQL: the same rules, checks and messages as
 * {@link dev.latchkey.keystore.file.FileKeyStore}, for a service with several replicas that must all
 * see every key.
 *
 * <p><b>Verification never touches the database.</b> Every instance holds the whole key set in memory
 * (the same index as the file store: one digest and one look-up) and follows the database's change
 * sequence: {@code LISTEN/NOTIFY} brings a change at once; a poll every {@link Builder#pollInterval
 * poll interval} (2 s by default) is the safety net when notifications are lost or unavailable
 * (PgBouncer in transaction mode). Applying a change costs O(changes), not O(keys).
 *
 * <p><b>Writes</b> are one transaction each, O(1) in the number of keys (a batch for
 * {@link #createAll}); concurrent writers on several instances never lose a key, and a writer killed
 * mid-transaction leaves nothing behind. Only hashes and encrypted viewable copies are stored, never a
 * plaintext key. Last-used times are written in the background, batched, at most once an hour per
 * key, one statement per flush.
 *
 * <p><b>When the database is unreachable</b> verification goes on from the keys loaded last (reported
 * as {@link KeyStoreEvent.StorageUnavailable}); writes fail with a {@link KeyStoreException} naming the
 * host and database (never the password); when the database is back the store catches up, so a
 * revocation made meanwhile is honoured at once ({@link KeyStoreEvent.StorageRestored}). Nothing blocks
 * a request thread.
 *
 * <p><b>Schema:</b> versioned SQL migrations in the jar ({@code dev/latchkey/keystore/postgres/migrations/},
 * with a {@code ${prefix}} placeholder), applied by {@link #migrate} or on open with
 * {@link Builder#createSchema}, under an advisory lock so several instances may start at once. Hosts
 * that run Flyway or Liquibase copy the files and set the placeholder.
 *
 * <p><b>Background work</b> (the listener, the poll, the pruning of changes older than the
 * {@linkplain Builder#changeRetention retention}, the flush of last-used times) runs on the
 * authenticator's background once the store is {@link #start started}; the store starts no thread of
 * its own. Thread-safe. {@link #close()} stops the background work and writes pending last-used times.
 */
public final class PostgresKeyStore extends ManagedKeyStoreBase implements dev.latchkey.spi.HealthReporting {
  /** The source id used unless configured. */
  public static final String DEFAULT_ID = "postgres";
  /** The table prefix used unless configured. */
  public static final String DEFAULT_TABLE_PREFIX = "latchkey_";
  /** How often changes are polled, by default. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  /** How long changes are kept before the background prunes them, by default. */
  public static final Duration DEFAULT_CHANGE_RETENTION = Duration.ofHours(1);

  private final PostgresStorage storage;

  private PostgresKeyStore(Builder b, KeyStoreSettings settings) {
    super(settings, sink -> new PostgresStorage(b.dataSource, Optional.ofNullable(b.ownedPool), new Schema(b.tablePrefix), b.createSchema,
        settings.peppers(), settings.clock(), b.pollInterval, b.notifications, b.changeRetention, b.where != null ? b.where : Where.of(b.dataSource), sink));
    this.storage = (PostgresStorage) storage();
  }

  /**
   * A builder for the store in the database {@code dataSource} connects to (the host's pool).
   *
   * @param dataSource where connections come from; the store never closes it
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /**
   * A builder for a store that owns {@code pool}: closing the store closes it (the YAML configuration
   * and the command-line tool build one).
   *
   * @param <P> a pool that is a data source and can be closed (such as HikariCP's)
   * @param pool the pool
   * @return a new builder
   */
  public static <P extends DataSource & Closeable> Builder owning(P pool) {
    return new Builder(Objects.requireNonNull(pool, "pool"), pool);
  }

  /**
   * Applies the schema migrations not yet applied to the tables named {@code tablePrefix…}, under an
   * advisory lock (instances starting at once apply each once).
   *
   * @param dataSource the database
   * @param tablePrefix the table prefix, such as {@value #DEFAULT_TABLE_PREFIX}
   * @return the schema version now in force
   * @throws KeyStoreException if the database cannot be reached or refuses, naming host and database
   * @throws IllegalArgumentException if the prefix is not lower-case letters, digits and '_'
   */
  public static int migrate(DataSource dataSource, String tablePrefix) {
    Schema schema = new Schema(tablePrefix);
    try (Connection c = dataSource.getConnection()) {
      return schema.migrate(c);
    } catch (SQLException e) {
      throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE,
          "migrating the key tables failed: PostgreSQL " + Where.of(dataSource) + " (" + e.getClass().getSimpleName() + ", SQL state "
              + e.getSQLState() + ")", e);
    }
  }

  /**
   * The migration files, in order, as the jar holds them under
   * {@code dev/latchkey/keystore/postgres/migrations/}, for hosts that run Flyway or Liquibase.
   *
   * @return the file names, such as {@code V1__keys.sql}
   */
  public static List<String> migrations() {
    return Schema.MIGRATIONS;
  }

  /**
   * Fetches and applies every change made since the last one applied, now, on the calling thread (the
   * background does this on notifications and every poll interval). A failure is reported as the poll
   * reports it, never thrown.
   *
   * @return {@code true} if the database answered
   */
  public boolean refresh() {
    storage.pollInBackground();
    return !storage.isUnavailable();
  }

  /**
   * Whether the last attempt to read the database failed: verification then runs on the keys loaded
   * last.
   *
   * @return {@code true} while the database is unreachable
   */
  public boolean isDatabaseUnavailable() {
    return storage.isUnavailable();
  }

  /**
   * Deletes entries of the change sequence older than {@code age}, now; an instance further behind
   * than that loads every key again instead of the changes. The background does this every minute for
   * changes older than the {@linkplain Builder#changeRetention retention}; call it for a one-off clean-up.
   *
   * @param age how old a change must be to go
   * @return how many changes were deleted
   * @throws KeyStoreException if the database cannot be written
   */
  public int pruneChanges(Duration age) {
    try {
      return storage.pruneChanges(age);
    } catch (SQLException e) {
      throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE,
          "pruning changes failed: PostgreSQL " + storage.shortName() + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * {@code UP} while the database answers, {@code DEGRADED} while it cannot be read and the keys loaded
   * last serve. Details: {@code database} ({@code host:port/database}, never a password) and
   * {@code keys}, how many are loaded. Never touches the database; thread-safe.
   *
   * @return the health
   */
  @Override
  public dev.latchkey.Health health() {
    return dev.latchkey.Health.of(
        storage.isUnavailable() ? dev.latchkey.Health.Status.DEGRADED : dev.latchkey.Health.Status.UP,
        java.util.Map.of("database", storage.shortName(), "keys", size()));
  }

  @Override
  public String toString() {
    return "PostgresKeyStore[id=" + id() + ", database=" + storage.shortName() + ", keys=" + size() + "]";
  }

  /** Configures a {@link PostgresKeyStore}. Not thread-safe. */
  public static final class Builder extends ManagedKeyStoreBuilder<Builder> {
    private final DataSource dataSource;
    private final Closeable ownedPool;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private boolean createSchema;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private boolean notifications = true;
    private Duration changeRetention = DEFAULT_CHANGE_RETENTION;
    private String where;

    private Builder(DataSource dataSource, Closeable ownedPool) {
      super(DEFAULT_ID);
      this.dataSource = dataSource;
      this.ownedPool = ownedPool;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The prefix of the store's tables; {@value #DEFAULT_TABLE_PREFIX} by default. Several stores may
     * share a database under different prefixes.
     *
     * @param prefix a lower-case letter, then up to 39 lower-case letters, digits or '_'
     * @return this builder
     * @throws IllegalArgumentException for any other prefix
     */
    public Builder tablePrefix(String prefix) {
      this.tablePrefix = new Schema(prefix).prefix();
      return this;
    }

    /**
     * Whether opening the store applies missing schema migrations (as {@link PostgresKeyStore#migrate}
     * does); no by default, for hosts whose schema is managed by Flyway, Liquibase or a DBA.
     *
     * @param create {@code true} to migrate on open
     * @return this builder
     */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /**
     * How often the background fetches changes when no notification came; {@link #DEFAULT_POLL_INTERVAL}
     * by default. Bounds how late a change arrives when notifications are lost.
     *
     * @param interval the delay between polls; positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      if (nonNegative(interval).isZero()) {
        throw new IllegalArgumentException("a poll interval must be positive");
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Whether to {@code LISTEN} for changes (yes by default); without, changes arrive by the poll only
     * (for PgBouncer in transaction mode, which does not pass notifications on).
     *
     * @param listen {@code false} to rely on the poll alone
     * @return this builder
     */
    public Builder notifications(boolean listen) {
      this.notifications = listen;
      return this;
    }

    /**
     * How long the change sequence keeps a change before the background prunes it;
     * {@link #DEFAULT_CHANGE_RETENTION} by default. An instance cut off from the database for longer
     * than this loads every key again when it is back (never missing a change); one cut off for less
     * applies only the changes it missed. Pruning runs every minute (or every retention, if shorter)
     * once the store is {@link PostgresKeyStore#start started}, on any number of instances at once.
     *
     * @param retention how long changes are kept; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code retention} is zero or negative
     */
    public Builder changeRetention(Duration retention) {
      if (nonNegative(retention).isZero()) {
        throw new IllegalArgumentException("a change retention must be positive");
      }
      this.changeRetention = retention;
      return this;
    }

    /**
     * How messages name the database ({@code host:port/database}), when the data source cannot tell.
     *
     * @param hostAndDatabase the name; never a password
     * @return this builder
     */
    public Builder describedAs(String hostAndDatabase) {
      this.where = Objects.requireNonNull(hostAndDatabase, "hostAndDatabase");
      return this;
    }

    /**
     * Opens the store: migrates the schema if asked, then loads every key. Starts no background work:
     * see {@link PostgresKeyStore#start}.
     *
     * @return the store
     * @throws KeyStoreException if the database cannot be reached, or its tables are missing or newer
     *     than this version, naming host and database
     * @throws IllegalArgumentException if the pepper for new keys is not among the peppers
     */
    public PostgresKeyStore open() {
      return new PostgresKeyStore(this, settings());
    }
  }
}
