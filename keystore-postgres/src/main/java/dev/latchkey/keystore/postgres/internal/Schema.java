package dev.latchkey.keystore.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The store's tables, by versioned SQL migrations in the jar ({@code migrations/V<n>__<name>.sql},
 * with a {@code ${prefix}} placeholder), applied in order under a session advisory lock so that several
 * instances starting at once apply each migration once. Which versions are applied is kept in
 * {@code <prefix>schema_version}. Stateless apart from the prefix; thread-safe.
 */
public final class Schema {
  /** The migrations, in order: one file each, numbered from 1. */
  public static final List<String> MIGRATIONS = List.of("V1__keys.sql");
  /** The schema version this code reads and writes. */
  public static final int VERSION = MIGRATIONS.size();

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private final String prefix;

  /**
   * The schema of tables named {@code prefix…}.
   *
   * @param prefix lower-case letters, digits and underscores, starting with a letter, at most 40
   * @throws IllegalArgumentException for any other prefix (it becomes part of SQL identifiers)
   */
  public Schema(String prefix) {
    if (!PREFIX.matcher(Objects.requireNonNull(prefix, "prefix")).matches()) {
      throw new IllegalArgumentException(
          "a table prefix is a lower-case letter, then up to 39 lower-case letters, digits or '_' (such as latchkey_)");
    }
    this.prefix = prefix;
  }

  /** The table prefix. */
  public String prefix() {
    return prefix;
  }

  /** {@code name} with the prefix: a table, sequence or channel name. */
  public String name(String name) {
    return prefix + name;
  }

  /** The key of the advisory lock every write transaction takes, so changes commit in sequence order. */
  public long writeLock() {
    return ((long) prefix.hashCode() << 32) | 0x4c4b5752L;
  }

  private long migrationLock() {
    return ((long) prefix.hashCode() << 32) | 0x4c4b4d47L;
  }

  /** The text of migration {@code file}, with the prefix in place of {@code ${prefix}}. */
  public String migration(String file) {
    try (InputStream in = Schema.class.getResourceAsStream("/dev/latchkey/keystore/postgres/migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the migration " + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies every migration not yet applied, each in its own transaction, holding a session advisory
   * lock meanwhile (another instance migrating at the same moment waits, then finds nothing to do).
   *
   * @return the schema version now in force
   * @throws SQLException if the database refuses
   */
  public int migrate(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(true);
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, migrationLock());
      lock.execute();
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + name("schema_version")
            + " (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      }
      int applied = appliedVersion(c);
      c.setAutoCommit(false);
      for (int v = applied + 1; v <= VERSION; v++) {
        String file = MIGRATIONS.get(v - 1);
        try (Statement s = c.createStatement(); PreparedStatement mark = c.prepareStatement(
            "INSERT INTO " + name("schema_version") + " (version, name) VALUES (?, ?)")) {
          s.execute(migration(file));
          mark.setInt(1, v);
          mark.setString(2, file);
          mark.executeUpdate();
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        }
      }
      c.setAutoCommit(true);
      return Math.max(applied, VERSION);
    } finally {
      c.setAutoCommit(true);
      try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        unlock.setLong(1, migrationLock());
        unlock.execute();
      }
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * The schema version applied, 0 if none; a database migrated by Flyway or Liquibase (no version
   * table, but the tables) counts as current.
   */
  public int appliedVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT to_regclass('" + name("schema_version") + "') IS NOT NULL, to_regclass('"
            + name("changes") + "') IS NOT NULL")) {
      r.next();
      if (!r.getBoolean(1)) {
        return r.getBoolean(2) ? VERSION : 0;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + name("schema_version"))) {
      r.next();
      int version = r.getInt(1);
      return version == 0 && tablesExist(c) ? VERSION : version;
    }
  }

  private boolean tablesExist(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT to_regclass('" + name("changes") + "') IS NOT NULL")) {
      r.next();
      return r.getBoolean(1);
    }
  }
}
