package dev.latchkey.keystore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: postgres-store} in a chain configuration: the published example, the schema, and problems at their lines. */
class PostgresConfigurationTest {
  private static final String PASSWORD = "pg-password-never-shown";
  private static final Path EXAMPLE = Path.of("..", "keystore-file", "config-examples", "postgres-store", "replicas.yaml");
  /** The schema latchkey-keystore-file publishes, read from its sources (a module's resources are its own). */
  private static final Path SCHEMA = Path.of("..", "keystore-file", "src", "main", "resources", "dev", "latchkey", "keystore", "file", "latchkey-config.schema.json");
  @TempDir Path dir;

  private static Schema schema() throws IOException {
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
  }

  /** The example's database and user, on the shared server. */
  private static void createExampleDatabase() throws Exception {
    try (Connection c = TestPostgres.dataSource().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'latchkey'")) {
        if (!r.next()) {
          s.execute("CREATE ROLE latchkey LOGIN");
          s.execute("CREATE DATABASE latchkey OWNER latchkey");
        }
      }
    }
  }

  @Test
  void thePublishedExampleIsValidAgainstTheSchemaAndLoadsAgainstARealDatabase() throws Exception {
    createExampleDatabase();
    Map<String, String> env = Map.of("DATABASE_HOST", "localhost:" + TestPostgres.server().getPort(), "DATABASE_PASSWORD", PASSWORD,
        "LATCHKEY_ENCRYPTION_KEY", "an encryption key for the example");

    assertThat(schema().validate(Files.readString(EXAMPLE), InputFormat.YAML)).isEmpty();
    try (Authenticator auth = ChainConfiguration.load(EXAMPLE, env, MutableClock.standard()).build()) {
      assertThat(auth).isNotNull();
    }
  }

  @Test
  void anUnreachableDatabaseIsAProblemAtItsLineNamingHostAndDatabaseNeverThePassword() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: postgres-store
            url: jdbc:postgresql://127.0.0.1:%d/keys
            password: ${DATABASE_PASSWORD}
        """.formatted(port));

    ConfigurationException validated = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.validate(config, Map.of("DATABASE_PASSWORD", PASSWORD), MutableClock.standard()));

    assertThat(validated.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.column()).isPositive();
      assertThat(p.key()).endsWith("url");
      assertThat(p.message()).startsWith("PostgreSQL 127.0.0.1:" + port + "/keys cannot be reached");
    });
    SecretLeakCheck.of(PASSWORD).exception(validated).logs().assertNoLeak();
  }

  @Test
  void badSettingsAreReportedAtTheirLines() throws Exception {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: postgres-store
            url: mysql://db/keys
            table_prefix: Bad-Prefix
            pool_size: 1
            poll_interval: 0s
            accept_kinds: [everything]
        """);

    ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(config, Map.of(), MutableClock.standard()));

    assertThat(thrown.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message()).isEqualTo(List.of(
        "3 sources[0].url must be a jdbc:postgresql://host[:port]/database URL",
        "4 sources[0].table_prefix must be a lower-case letter, then up to 39 lower-case letters, digits or '_'",
        "5 sources[0].pool_size must be a whole number from 2 to 100",
        "6 sources[0].poll_interval must be a positive duration such as 30s, 5m, 1h or PT5M",
        "7 sources[0].accept_kinds[0] must be generic, content-api or admin"));
  }

  @Test
  void aChangeRetentionThatIsNotAPositiveDurationIsAProblemAtItsLineAndColumn() throws Exception {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: postgres-store
            url: jdbc:postgresql://db/keys
            change_retention: forever
        """);

    ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(config, Map.of(), MutableClock.standard()));

    assertThat(thrown.problems()).extracting(p -> p.line() + ":" + p.column() + " " + p.key() + " " + p.message()).isEqualTo(List.of(
        "4:23 sources[0].change_retention must be a positive duration such as 30s, 5m, 1h or PT5M"));
  }
}
