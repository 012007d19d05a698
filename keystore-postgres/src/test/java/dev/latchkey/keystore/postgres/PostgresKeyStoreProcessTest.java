package dev.latchkey.keystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.keystore.file.StoredKey;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real writer processes on one database: concurrent creation, and a writer killed with SIGKILL mid-transaction. */
class PostgresKeyStoreProcessTest {
  private final String prefix = TestPostgres.freshPrefix();

  private Process writer(int count, int batch, String name) throws IOException {
    String classPath = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.joining(File.pathSeparator));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String url = TestPostgres.server().getJdbcUrl("postgres", "postgres") + "&ApplicationName=writer-" + name;
    return new ProcessBuilder(java, "-Xshare:auto", "-cp", classPath, PgKeyWriterProcess.class.getName(), url, prefix,
        String.valueOf(count), String.valueOf(batch), name)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static List<String> acknowledged(Process process) throws IOException {
    List<String> ids = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        ids.add(line);
      }
    }
    return ids;
  }

  private PostgresKeyStore reader() {
    return PostgresKeyStore.builder(TestPostgres.dataSource()).tablePrefix(prefix).createSchema(true).flushInterval(Duration.ZERO).open();
  }

  @Test
  void twoProcessesCreating200KeysEachAtOnceLoseNone() throws Exception {
    reader().close();
    Process a = writer(200, 1, "a");
    Process b = writer(200, 1, "b");

    List<String> fromA = acknowledged(a);
    List<String> fromB = acknowledged(b);
    assertThat(a.waitFor(2, TimeUnit.MINUTES) && b.waitFor(2, TimeUnit.MINUTES)).isTrue();

    List<String> all = new ArrayList<>(fromA);
    all.addAll(fromB);
    assertThat(fromA).hasSize(200);
    assertThat(fromB).hasSize(200);
    try (PostgresKeyStore store = reader()) {
      assertThat(store.list()).extracting(StoredKey::id).containsExactlyInAnyOrderElementsOf(all);
    }
  }

  @Test
  void aWriterKilledMidTransactionLeavesNoPartOfItsBatch() throws Exception {
    int batch = 500;
    reader().close();
    Process process = writer(0, batch, "w");
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Connection c = TestPostgres.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (int i = 0; i < batch; i++) {
        String line = out.readLine();
        assertThat(line).as("the writer stopped early").isNotNull();
        acked.add(line);
      }
      // Kill it once its next transaction is open.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean inside = false;
      while (!inside && System.nanoTime() < deadline) {
        try (ResultSet r = s.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'writer-w' AND xact_start IS NOT NULL AND state <> 'idle'")) {
          r.next();
          inside = r.getInt(1) > 0;
        }
      }
      process.destroyForcibly();
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(inside).as("the kill landed inside a transaction").isTrue();
    }
    assertThat(process.exitValue()).isEqualTo(137);

    try (PostgresKeyStore store = reader()) {
      assertThat(store.list()).extracting(StoredKey::id).containsAll(acked);
      assertThat(store.size() % batch).as("only whole batches").isZero();
      store.create(dev.latchkey.keystore.file.KeyRequest.named("after").build());
      assertThat(store.size() % batch).isEqualTo(1);
    }
  }
}
