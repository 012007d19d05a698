package dev.latchkey.keystore.postgres.internal;

import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.Peppers;
import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.spi.KeyRecord;
import dev.latchkey.keystore.file.spi.KeyStorage;
import dev.latchkey.spi.Background;
import dev.latchkey.spi.RepeatedWarnings;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys kept in PostgreSQL, every instance holding all of them in memory.
 *
 * <p><b>Truth and propagation.</b> Every write transaction takes one advisory lock, changes the key
 * rows and appends one row per changed key to {@code <prefix>changes} with the next number of a
 * sequence; because of the lock, the numbers commit in order, so an instance that has applied every
 * change up to n has missed none before it. A write sends {@code NOTIFY} on commit: listening instances
 * fetch the changes after their cursor at once; a poll every poll interval does the same when
 * notifications are lost or unavailable (PgBouncer in transaction mode). Applying n changes costs
 * O(n), whatever the number of keys. After a lost connection the next poll catches up, so a revocation
 * made meanwhile is honoured as soon as the database answers again.
 *
 * <p><b>Pruning.</b> Changes older than the retention are deleted in the background (any instance may
 * prune, several at once under the same lock), and {@code pruned_through} records the last one
 * deleted. An instance whose cursor is behind that (it was cut off longer than the retention) cannot
 * know what it missed, so it loads every key again: the check and the changes are read by one
 * statement, from one snapshot, so a prune between the two cannot hide a change.
 *
 * <p><b>Requests</b> never reach the database: {@link #records()}, {@link #record} and
 * {@link #size()} read memory. Writes run on the caller's thread; the listener and the poll on the
 * background given to {@link #start}. Thread-safe.
 */
public final class PostgresStorage implements KeyStorage {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStorage.class);
  /** How often the listening connection is checked for notifications (a local read, no round trip). */
  static final Duration NOTIFICATION_CHECK = Duration.ofMillis(20);
  /** How often old changes are pruned, at most (more often if the retention is shorter). */
  static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
  /** How long a prune waits for the write lock before it gives up until its next run. */
  private static final String PRUNE_LOCK_TIMEOUT = "5s";

  private final DataSource dataSource;
  private final Optional<Closeable> ownedPool;
  private final Schema schema;
  private final Peppers peppers;
  private final Clock clock;
  private final Duration pollInterval;
  private final boolean notifications;
  private final Duration changeRetention;
  private final String where;
  private final KeyStorage.Sink sink;
  private final RepeatedWarnings warnings;

  private final Object applyLock = new Object();
  /** Bumped by every change told to the sink: a listing made at another version is stale. */
  private final AtomicLong version = new AtomicLong();
  /** The records in position order, as last listed; made again when a change made it stale. */
  private volatile Listing listing;
  /** The last change applied; guarded by {@link #applyLock}. */
  private long cursor;
  private volatile boolean unavailable;

  /** Touched only by the background's notification check. */
  private Connection listening;
  private Instant nextListenAttempt = Instant.MIN;

  private record Listing(long version, List<KeyRecord> records) {}

  /**
   * Opens the storage: migrates the schema if asked, then loads every key and tells {@code sink}.
   *
   * @param dataSource where connections come from
   * @param ownedPool the pool to close with the storage, if the storage made it
   * @param schema the tables
   * @param createSchema whether to apply missing migrations first
   * @param peppers peppers keyed hashes may name
   * @param clock the clock
   * @param pollInterval how often changes are polled
   * @param notifications whether to LISTEN for changes as well
   * @param changeRetention how long changes are kept before the background prunes them
   * @param where the database, {@code host:port/database}, for messages
   * @param sink the store to keep informed
   * @throws KeyStoreException if the database cannot be reached, or its schema is missing or newer
   */
  public PostgresStorage(
      DataSource dataSource, Optional<Closeable> ownedPool, Schema schema, boolean createSchema, Peppers peppers, Clock clock,
      Duration pollInterval, boolean notifications, Duration changeRetention, String where, KeyStorage.Sink sink) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.schema = schema;
    this.peppers = peppers;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.notifications = notifications;
    this.changeRetention = changeRetention;
    this.where = where;
    this.sink = sink;
    this.warnings = new RepeatedWarnings(PostgresStorage.class, clock);
    try (Connection c = dataSource.getConnection()) {
      int version = createSchema ? schema.migrate(c) : schema.appliedVersion(c);
      if (version < Schema.VERSION) {
        throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE, "the key tables " + schema.prefix() + "* in " + where
            + " are missing or older than version " + Schema.VERSION + "; run the migrations (create_schema: true, or migrate())");
      }
      if (version > Schema.VERSION) {
        throw new KeyStoreException(KeyStoreException.Problem.IO_FAILURE, "the key tables " + schema.prefix() + "* in " + where
            + " are at version " + version + ", newer than this Latchkey (" + Schema.VERSION + ")");
      }
      synchronized (applyLock) {
        loadAll(c);
      }
    } catch (SQLException e) {
      throw failure("open", e);
    }
  }

  @Override
  public String describe() {
    return "PostgreSQL " + where + " (tables " + schema.prefix() + "*)";
  }

  @Override
  public String shortName() {
    return where;
  }

  @Override
  public List<KeyRecord> records() {
    long now = version.get();
    Listing last = listing;
    if (last != null && last.version() == now) {
      return last.records();
    }
    // The sink holds every record; sorted by position when asked (listing is rare beside verifying),
    // rather than kept in a second structure per key.
    KeyRecord[] held = sink.held().toArray(new KeyRecord[0]);
    java.util.Arrays.sort(held, java.util.Comparator.comparingLong(KeyRecord::position));
    List<KeyRecord> records = List.of(held);
    listing = new Listing(now, records);
    return records;
  }

  /** Whether the last attempt to read the database failed. */
  public boolean isUnavailable() {
    return unavailable;
  }

  @Override
  public KeyStoreEvent writeFailed(String failure) {
    return new KeyStoreEvent.WriteFailed(java.nio.file.Path.of(where), failure);
  }

  // ---------------------------------------------------------------------------------------------
  // Following the changes

  @Override
  public List<Background.Task> start(Background background) {
    List<Background.Task> tasks = new ArrayList<>();
    tasks.add(background.every("poll key changes in " + where, pollInterval, this::pollInBackground));
    if (notifications) {
      tasks.add(background.every("listen for key changes in " + where, NOTIFICATION_CHECK, this::checkNotifications));
    }
    Duration pruneEvery = changeRetention.compareTo(PRUNE_EVERY) < 0 ? changeRetention : PRUNE_EVERY;
    tasks.add(background.every("prune key changes in " + where, pruneEvery, this::pruneInBackground));
    return tasks;
  }

  /** Deletes the changes older than the retention; a failure is reported (rate-limited), never thrown. */
  private void pruneInBackground() {
    try {
      int deleted = pruneChanges(changeRetention);
      if (deleted > 0) {
        LOG.debug("pruned {} key changes older than {} from {}", deleted, changeRetention, describe());
      }
    } catch (SQLException | RuntimeException e) {
      String failure = e.getClass().getSimpleName() + (e instanceof SQLException sql && sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")" : "");
      warnings.warn("cannot prune key changes in " + describe() + "; they are kept until the next try (" + failure + ")");
    }
  }

  /** Fetches and applies the changes after the cursor; on failure keeps the keys in force and reports. */
  public void pollInBackground() {
    try {
      catchUp();
      if (unavailable) {
        unavailable = false;
        warnings.clear();
        LOG.info("{} is reachable again; {} keys after catching up", describe(), sink.heldCount());
        sink.emit(new KeyStoreEvent.StorageRestored(where, sink.heldCount()));
      }
    } catch (SQLException | RuntimeException e) {
      String failure = e.getClass().getSimpleName() + (e instanceof SQLException sql && sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")" : "");
      warnings.warn("cannot read key changes from " + describe() + "; verifying from the keys loaded last (" + failure + ")");
      if (!unavailable) {
        unavailable = true;
        sink.emit(new KeyStoreEvent.StorageUnavailable(where, failure));
      }
    }
  }

  /**
   * Reads what notifications arrived on the listening connection, without waiting; if any did, catches
   * up at once. Opens the connection (and LISTENs) when there is none, at most once a poll interval;
   * a connection that fails is dropped, and the next one catches up first, as a reconnect must.
   */
  private void checkNotifications() {
    try {
      if (listening == null) {
        Instant now = clock.instant();
        if (now.isBefore(nextListenAttempt)) {
          return;
        }
        nextListenAttempt = now.plus(pollInterval);
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + schema.name("changes"));
        }
        listening = c;
        pollInBackground();
        return;
      }
      PGNotification[] arrived = listening.unwrap(PGConnection.class).getNotifications(-1);
      if (arrived != null && arrived.length > 0) {
        pollInBackground();
      }
    } catch (SQLException | RuntimeException e) {
      closeListening();
    }
  }

  private void closeListening() {
    Connection c = listening;
    listening = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // It was failing already.
      }
    }
  }

  /**
   * Applies every change committed after the cursor, in order. A change names a key; the key's row as
   * it is now is applied (or its removal), so applying a change twice is harmless.
   *
   * @throws SQLException if the database cannot be read; nothing is applied
   */
  public void catchUp() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      catchUp(c);
    }
  }

  /** As {@link #catchUp()}, on {@code c} (in auto-commit mode). */
  private void catchUp(Connection c) throws SQLException {
    synchronized (applyLock) {
      // Two statements, each on an index whatever the planner knows: the changes after the cursor,
      // with how far they were pruned from the same snapshot, then the changed keys' rows as they are
      // now (a row newer than its change is applied early, and again, harmlessly, with its own change).
      Map<String, Optional<KeyRecord>> latest = new LinkedHashMap<>();
      long last = cursor;
      long pruned = 0;
      try (PreparedStatement s = c.prepareStatement("SELECT l.pruned_through, c.seq, c.key_id FROM " + schema.name("change_log")
          + " l LEFT JOIN " + schema.name("changes") + " c ON c.seq > ? ORDER BY c.seq")) {
        s.setLong(1, cursor);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            pruned = r.getLong(1);
            String keyId = r.getString(3);
            if (keyId != null) {
              last = r.getLong(2);
              latest.remove(keyId);
              latest.put(keyId, Optional.empty());
            }
          }
        }
      }
      if (cursor < pruned) {
        // Changes this instance never applied were pruned: what they changed is unknown, so load all.
        loadAll(c);
        return;
      }
      if (!latest.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(
            "SELECT " + Rows.COLUMNS + " FROM " + schema.name("keys") + " k WHERE k.id = ANY (?)")) {
          s.setArray(1, c.createArrayOf("text", latest.keySet().toArray()));
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              String keyId = r.getString(1);
              latest.put(keyId, readRow(r, 1));
            }
          }
        }
      }
      apply(latest);
      cursor = last;
    }
  }

  private Optional<KeyRecord> readRow(ResultSet r, int first) throws SQLException {
    try {
      return Optional.of(Rows.read(r, first, peppers));
    } catch (IllegalArgumentException e) {
      LOG.warn("key '{}' in {} cannot be read and is left out ({})", r.getString(first), describe(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Applies the latest state of each changed key. */
  private void apply(Map<String, Optional<KeyRecord>> latest) {
    if (latest.isEmpty()) {
      return;
    }
    List<KeyRecord> upserted = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    latest.forEach((keyId, record) -> {
      if (record.isPresent()) {
        upserted.add(record.get());
      } else {
        removed.add(keyId);
      }
    });
    sink.apply(upserted, removed);
    version.incrementAndGet();
  }

  /** Loads every key and the cursor from one consistent snapshot. Holds {@link #applyLock}. */
  private void loadAll(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      long through;
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT greatest((SELECT coalesce(max(seq), 0) FROM " + schema.name("changes")
              + "), (SELECT pruned_through FROM " + schema.name("change_log") + "))")) {
        r.next();
        through = r.getLong(1);
      }
      List<KeyRecord> records = new ArrayList<>();
      // In the table's own order, streamed: no sort of every row on the server (records() sorts by
      // position when a listing asks). Prepared on the server from the first run, so times, numbers
      // and arrays come in binary rather than as text to parse.
      try (PreparedStatement s = c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM " + schema.name("keys") + " k")) {
        s.setFetchSize(10_000);
        if (s.isWrapperFor(org.postgresql.PGStatement.class)) {
          s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            readRow(r, 1).ifPresent(records::add);
          }
        }
      }
      c.commit();
      sink.replaceAll(records);
      version.incrementAndGet();
      cursor = through;
    } finally {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(autoCommit);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  @Override
  public <T> T write(String operation, Function<Transaction, T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      PgTransaction tx;
      T result;
      try {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, schema.writeLock());
          lock.execute();
        }
        tx = new PgTransaction(c, clock.instant().truncatedTo(ChronoUnit.MICROS));
        result = work.apply(tx);
        tx.flush();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // The connection is gone; the transaction with it.
        }
        throw e;
      }
      if (!tx.changed.isEmpty()) {
        c.setAutoCommit(true);
        catchUp(c);
      }
      recordUsesInMemory(tx.uses);
      return result;
    } catch (SQLException e) {
      throw failure(operation, e);
    } catch (SqlFailure e) {
      throw failure(operation, (SQLException) e.getCause());
    }
  }

  /** Puts the last-used times just written in the records held, without a change for other instances to follow. */
  private void recordUsesInMemory(List<KeyRecord> uses) {
    if (uses.isEmpty()) {
      return;
    }
    synchronized (applyLock) {
      List<KeyRecord> updated = new ArrayList<>(uses.size());
      for (KeyRecord used : uses) {
        sink.held(used.id()).filter(held -> held.hash().equals(used.hash())).ifPresent(held -> updated.add(
            held.with(held.key().withLastUsedAt(used.key().lastUsedAt().orElseThrow().truncatedTo(ChronoUnit.MICROS)))));
      }
      if (!updated.isEmpty()) {
        sink.apply(updated, List.of());
        version.incrementAndGet();
      }
    }
  }

  private KeyStoreException failure(String operation, SQLException e) {
    String state = e.getSQLState() == null ? "" : ", SQL state " + e.getSQLState();
    return new KeyStoreException(KeyStoreException.Problem.IO_FAILURE,
        operation + " failed: PostgreSQL " + where + " could not be reached or written (" + e.getClass().getSimpleName() + state + ")", e);
  }

  /**
   * Deletes changes older than {@code age} (instances further behind load every key again), under the
   * write lock, waiting for it {@value #PRUNE_LOCK_TIMEOUT} at most; safe with several instances
   * pruning at once.
   */
  public int pruneChanges(Duration age) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement timeout = c.createStatement()) {
        timeout.execute("SET LOCAL lock_timeout = '" + PRUNE_LOCK_TIMEOUT + "'");
      }
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, schema.writeLock());
        lock.execute();
      }
      long through;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT coalesce(max(seq), 0) FROM " + schema.name("changes") + " WHERE changed_at < ?")) {
        s.setObject(1, OffsetDateTime.ofInstant(clock.instant().minus(age), ZoneOffset.UTC));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          through = r.getLong(1);
        }
      }
      int deleted = 0;
      if (through > 0) {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + schema.name("changes") + " WHERE seq <= ?");
            PreparedStatement m = c.prepareStatement(
                "UPDATE " + schema.name("change_log") + " SET pruned_through = greatest(pruned_through, ?)")) {
          d.setLong(1, through);
          deleted = d.executeUpdate();
          m.setLong(1, through);
          m.executeUpdate();
        }
      }
      c.commit();
      return deleted;
    }
  }

  @Override
  public void close() {
    closeListening();
    ownedPool.ifPresent(pool -> {
      try {
        pool.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("closing the connection pool of {} failed ({})", describe(), e.getClass().getSimpleName());
      }
    });
  }

  /** One write transaction: reads go to the database under the write lock; writes are sent at the end. */
  private final class PgTransaction implements Transaction {
    private final Connection c;
    private final Instant now;
    private final Map<String, KeyRecord> upserts = new LinkedHashMap<>();
    private final Set<String> deletes = new LinkedHashSet<>();
    final List<KeyRecord> uses = new ArrayList<>();
    final Set<String> changed = new LinkedHashSet<>();

    PgTransaction(Connection c, Instant now) {
      this.c = c;
      this.now = now;
    }

    @Override
    public Instant now() {
      return now;
    }

    private boolean exists(String where, String... values) {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + schema.name("keys") + " k WHERE " + where + " LIMIT 1")) {
        for (int i = 0; i < values.length; i++) {
          s.setString(i + 1, values[i]);
        }
        try (ResultSet r = s.executeQuery()) {
          return r.next();
        }
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }

    private List<KeyRecord> select(String where, Object... values) {
      try (PreparedStatement s = c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM " + schema.name("keys") + " k WHERE " + where
          + " ORDER BY k.position")) {
        for (int i = 0; i < values.length; i++) {
          s.setObject(i + 1, values[i]);
        }
        List<KeyRecord> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            readRow(r, 1).ifPresent(out::add);
          }
        }
        return out;
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }

    @Override
    public Optional<KeyRecord> find(String keyId) {
      return select("k.id = ?", keyId).stream().findFirst();
    }

    @Override
    public boolean nameTaken(String name) {
      return exists("k.name = ?", name);
    }

    @Override
    public boolean idTaken(String keyId) {
      return exists("k.id = ?", keyId);
    }

    @Override
    public boolean knowsImport(KeyHash hash, String fingerprint) {
      return exists("k.imported_from = ? OR k.hash = ? OR k.previous_hash = ?", fingerprint, hash.encoded(), hash.encoded());
    }

    @Override
    public boolean hashInUse(KeyHash hash) {
      return exists("k.hash = ?", hash.encoded());
    }

    @Override
    public List<String> ownedBy(String owner) {
      return select("k.owner = ?", owner).stream().map(r -> r.id()).toList();
    }

    @Override
    public List<KeyRecord> graceOver() {
      return select("k.previous_valid_until <= ?", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    @Override
    public void insert(KeyRecord record) {
      update(record);
    }

    @Override
    public void update(KeyRecord record) {
      deletes.remove(record.id());
      upserts.put(record.id(), record);
    }

    @Override
    public void recordUse(KeyRecord record) {
      uses.add(record);
    }

    @Override
    public void delete(Collection<String> keyIds) {
      keyIds.forEach(upserts::remove);
      deletes.addAll(keyIds);
    }

    /** Sends the writes: the rows in one batch, the deletions, the change rows, the uses, the notification. */
    void flush() throws SQLException {
      if (!upserts.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(Rows.upsert(schema))) {
          for (KeyRecord r : upserts.values()) {
            Rows.bind(c, s, r);
            s.addBatch();
          }
          s.executeBatch();
        }
      }
      if (!deletes.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + schema.name("keys") + " WHERE id = ANY (?)")) {
          s.setArray(1, c.createArrayOf("text", deletes.toArray()));
          s.executeUpdate();
        }
      }
      changed.addAll(upserts.keySet());
      changed.addAll(deletes);
      if (!changed.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + schema.name("changes") + " (seq, key_id, changed_at) SELECT nextval('"
            + schema.name("change_seq") + "'), u.id, ? FROM unnest(?::text[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n")) {
          s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
          s.setArray(2, c.createArrayOf("text", changed.toArray()));
          s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, '')")) {
          s.setString(1, schema.name("changes"));
          s.execute();
        }
      }
      if (!uses.isEmpty()) {
        // One statement for every use; the database keeps the once-an-hour rule against other instances too.
        try (PreparedStatement s = c.prepareStatement("UPDATE " + schema.name("keys") + " k SET last_used_at = u.at::timestamptz "
            + "FROM unnest(?::text[], ?::text[]) AS u(id, at) WHERE k.id = u.id "
            + "AND (k.last_used_at IS NULL OR k.last_used_at <= u.at::timestamptz - interval '1 hour')")) {
          s.setArray(1, c.createArrayOf("text", uses.stream().map(r -> r.id()).toArray()));
          s.setArray(2, c.createArrayOf("text", uses.stream().map(r -> r.key().lastUsedAt().orElseThrow().toString()).toArray()));
          s.executeUpdate();
        }
      }
    }
  }

  /** A database failure inside a transaction's work, carried out of the work and rethrown as SQL. */
  static final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
      super(cause);
    }
  }
}
