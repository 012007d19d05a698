package dev.latchkey.examples.cli;

import static dev.latchkey.examples.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.Credential;
import dev.latchkey.Reason;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code latchkey keys …} with {@code --store jdbc:postgresql://…}: the same commands on a database. */
class KeysOnPostgresCommandTest {
  private static final String PASSWORD = "db-password-not-an-argument";
  private static EmbeddedPostgres server;

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static String url() {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
  }

  private static CliRun run(String... args) {
    return latchkeyIn(CliRun.World.empty().withEnvironment(Map.of("DB_PASSWORD", PASSWORD)), args);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws Exception {
    return new ObjectMapper().readValue(text, LinkedHashMap.class);
  }

  @Test
  void createListAndRevokeWorkOnADatabaseAndAServerSeesTheRevocation() throws Exception {
    CliRun created = run("keys", "create", "--store", url(), "--password-env", "DB_PASSWORD", "--table-prefix", "cli_", "--name", "ci-bot", "--json");
    assertThat(created.status()).as(created.err()).isZero();
    Map<String, Object> key = json(created.out());
    String id = (String) key.get("id");

    CliRun listed = run("keys", "list", "--store", url(), "--password-env", "DB_PASSWORD", "--table-prefix", "cli_");
    CliRun revoked = run("keys", "revoke", "--store", url(), "--password-env", "DB_PASSWORD", "--table-prefix", "cli_", id);

    assertThat(listed.status()).isZero();
    assertThat(listed.out()).contains(id).contains("ci-bot").doesNotContain((String) key.get("secret"));
    assertThat(revoked.status()).as(revoked.err()).isZero();
    try (PostgresKeyStore server = PostgresKeyStore.builder(KeysOnPostgresCommandTest.server.getPostgresDatabase()).tablePrefix("cli_").open()) {
      assertThat(server.verify(Credential.bearer((String) key.get("secret"))))
          .isEqualTo(Verdict.reject(Reason.REVOKED, "key '" + id + "' is revoked"));
    }
  }

  @Test
  void anUnreachableDatabaseFailsNamingHostAndDatabaseButNeverThePassword() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }

    CliRun run = run("keys", "list", "--store", "jdbc:postgresql://127.0.0.1:" + port + "/keys?user=ops", "--password-env", "DB_PASSWORD");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("PostgreSQL 127.0.0.1:" + port + "/keys").doesNotContain(PASSWORD);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aPasswordVariableThatIsNotSetIsAUsageError() {
    CliRun run = latchkeyIn(CliRun.World.empty(), "keys", "list", "--store", url(), "--password-env", "NOT_SET");

    assertThat(List.of(run.status(), run.err().strip())).containsExactly(2, "latchkey keys list: --password-env: the variable NOT_SET is not set");
  }
}
