package dev.latchkey.admin;

import dev.latchkey.Secret;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The key management API over the PostgreSQL store: one real server for this test JVM (started on first
 * use, stopped at exit), a table prefix of its own for each test.
 */
class PostgresStoreAdminApiTest extends AdminApiSpec {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private final AtomicBoolean down = new AtomicBoolean();

  private static synchronized DataSource database() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres server = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is exiting and the server's directory is temporary
        }
      }));
    }
    return postgres.getPostgresDatabase();
  }

  @Override
  ManagedKeyStore openStore(Clock clock, Optional<Secret> encryptionKey) {
    PostgresKeyStore.Builder builder = PostgresKeyStore.builder(failingWhenDown(database()))
        .tablePrefix("admin" + TABLES.incrementAndGet() + "_")
        .createSchema(true)
        .pollInterval(Duration.ofSeconds(30))
        .clock(clock);
    encryptionKey.ifPresent(builder::encryptionKey);
    return builder.open();
  }

  /** The database is unreachable from now on: every new connection is refused. */
  @Override
  void makeStoreRefuseWrites() {
    down.set(true);
  }

  private DataSource failingWhenDown(DataSource real) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
      if (down.get() && method.getName().equals("getConnection")) {
        throw new SQLException("Connection refused", "08001");
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }
}
