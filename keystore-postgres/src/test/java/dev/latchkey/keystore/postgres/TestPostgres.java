package dev.latchkey.keystore.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server for the whole test JVM, started on first use and stopped when the JVM
 * exits; each test takes its own table prefix, so tests never see each other's keys.
 */
final class TestPostgres {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** The shared server, started on first use. */
  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // The JVM is going; the server's directory is temporary.
        }
      }));
    }
    return server;
  }

  /** The shared server's {@code postgres} database. */
  static DataSource dataSource() {
    return server().getPostgresDatabase();
  }

  /** A table prefix no other test of this JVM uses. */
  static String freshPrefix() {
    return "t" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet() + "_";
  }
}
