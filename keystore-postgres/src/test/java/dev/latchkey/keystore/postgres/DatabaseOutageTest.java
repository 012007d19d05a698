package dev.latchkey.keystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Credential;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.KeyStoreEvent;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.spi.BackgroundScheduler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** A database that goes away and comes back: verification goes on, writes fail clearly, instances catch up. */
class DatabaseOutageTest {
  private static final String PASSWORD = "never-in-a-message";
  private final String prefix = TestPostgres.freshPrefix();
  private final List<KeyStoreEvent> events = new CopyOnWriteArrayList<>();
  @TempDir Path dir;

  /** A data source whose connections can be cut off, as a network partition would. */
  static final class Cuttable implements DataSource {
    final DataSource real;
    volatile boolean cut;

    Cuttable(DataSource real) {
      this.real = real;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (cut) {
        throw new SQLException("Connection refused", "08001");
      }
      return real.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  private static boolean accepts(PostgresKeyStore store, IssuedKey key) {
    return store.verify(Credential.bearer(key.secret().expose())) instanceof Verdict.Accept;
  }

  @Test
  void aRevocationMadeWhileAnInstanceWasCutOffIsHonouredAsSoonAsItReconnects() {
    PostgresKeyStore a = PostgresKeyStore.builder(TestPostgres.dataSource()).tablePrefix(prefix).createSchema(true).flushInterval(Duration.ZERO).open();
    Cuttable link = new Cuttable(TestPostgres.dataSource());
    PostgresKeyStore b = PostgresKeyStore.builder(link).tablePrefix(prefix).describedAs("db.internal:5432/keys")
        .notifications(false).flushInterval(Duration.ZERO).listener(events::add).open();
    IssuedKey key = a.create(KeyRequest.named("cut-off").build());
    b.refresh();

    link.cut = true;
    a.revoke(key.key().id());
    assertThat(b.refresh()).isFalse();
    assertThat(accepts(b, key)).as("the last snapshot keeps serving").isTrue();
    assertThatThrownBy(() -> b.create(KeyRequest.named("during").build()))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.IO_FAILURE))
        .hasMessage("create failed: PostgreSQL db.internal:5432/keys could not be reached or written (SQLException, SQL state 08001)");
    link.cut = false;

    assertThat(b.refresh()).isTrue();
    assertThat(b.verify(Credential.bearer(key.secret().expose())))
        .isEqualTo(Verdict.reject(Reason.REVOKED, "key '" + key.key().id() + "' is revoked"));
    assertThat(events).containsExactly(
        new KeyStoreEvent.StorageUnavailable("db.internal:5432/keys", "SQLException (SQL state 08001)"),
        new KeyStoreEvent.StorageRestored("db.internal:5432/keys", 1));
    a.close();
    b.close();
  }

  @Test
  void theDatabaseStoppedAndRestartedUnderLoadGivesNoWrongVerdictNoExceptionAndTheInstancesCatchUp() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path data = dir.resolve("data");
    EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL("jdbc:postgresql://localhost:" + port + "/postgres?connectTimeout=2&socketTimeout=5");
    source.setUser("postgres");
    source.setPassword(PASSWORD);
    PostgresKeyStore a = PostgresKeyStore.builder(source).tablePrefix(prefix).createSchema(true).flushInterval(Duration.ZERO).open();
    PostgresKeyStore b = PostgresKeyStore.builder(source).tablePrefix(prefix).pollInterval(Duration.ofMillis(200)).listener(events::add)
        .flushInterval(Duration.ZERO).open();
    BackgroundScheduler background = BackgroundScheduler.start(Clock.systemUTC());
    b.start(background);
    IssuedKey valid = a.create(KeyRequest.named("valid").build());
    IssuedKey revoked = a.create(KeyRequest.named("revoked").build());
    a.revoke(revoked.key().id());
    b.refresh();

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger thrown = new AtomicInteger();
    AtomicInteger checked = new AtomicInteger();
    Thread load = new Thread(() -> {
      while (running.get()) {
        try {
          if (!accepts(b, valid) || accepts(b, revoked)) {
            wrong.incrementAndGet();
          }
          checked.incrementAndGet();
        } catch (RuntimeException e) {
          thrown.incrementAndGet();
        }
      }
    });
    load.start();
    server.close();
    Thread.sleep(600);
    assertThatThrownBy(() -> a.create(KeyRequest.named("while-down").build()))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageStartingWith("create failed: PostgreSQL localhost:" + port + "/postgres could not be reached or written")
        .hasMessageNotContaining(PASSWORD);
    server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    IssuedKey after = a.create(KeyRequest.named("after").build());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!accepts(b, after) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    running.set(false);
    load.join();

    assertThat(accepts(b, after)).as("caught up after the restart").isTrue();
    assertThat(wrong.get()).isZero();
    assertThat(thrown.get()).isZero();
    assertThat(checked.get()).isPositive();
    assertThat(events).first().isInstanceOf(KeyStoreEvent.StorageUnavailable.class);
    assertThat(events).last().isInstanceOf(KeyStoreEvent.StorageRestored.class);
    assertThat(events.toString()).doesNotContain(PASSWORD);
    background.close();
    a.close();
    b.close();
    server.close();
  }
}
