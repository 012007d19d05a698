package dev.latchkey.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import dev.latchkey.keystore.postgres.PostgresKeyStore;

/**
 * A real PostgreSQL server for the PostgreSQL store's benchmarks, started in the benchmark's JVM, and a
 * fast way to fill it: n keys written by the server itself ({@code generate_series}), with the secrets
 * {@link #secret(int)} so benchmarks can present them.
 */
final class BenchmarkPostgres implements AutoCloseable {
  final EmbeddedPostgres server;

  BenchmarkPostgres() {
    try {
      server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DataSource dataSource() {
    return server.getPostgresDatabase();
  }

  /** A HikariCP pool on the server, as a host would give the store one. */
  HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /** The secret of the i-th key {@link #fill} writes. */
  static String secret(int i) {
    return "bench-secret-" + i;
  }

  /** The id of the i-th key {@link #fill} writes. */
  static String id(int i) {
    return "key_bench" + i;
  }

  /** Creates the tables {@code prefix…} and writes n keys into them in one statement. */
  void fill(String prefix, int n) {
    PostgresKeyStore.migrate(dataSource(), prefix);
    try (Connection c = dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO " + prefix + "keys (id, name, kind, roles, hash, allowed_ips, created_at) "
            + "SELECT 'key_bench' || i, 'bench-' || i, 'generic', ARRAY['reader'], "
            + "'sha256:' || encode(sha256(convert_to('bench-secret-' || i, 'UTF8')), 'hex'), ARRAY[]::text[], now() "
            + "FROM generate_series(0, ? - 1) AS i")) {
      s.setInt(1, n);
      s.executeUpdate();
      try (java.sql.Statement analyze = c.createStatement()) {
        analyze.execute("ANALYZE " + prefix + "keys");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
