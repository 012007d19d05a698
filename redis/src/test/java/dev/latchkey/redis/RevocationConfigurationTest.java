package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.ConfigurationException;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.revocation.Revocation;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revocations: {type: redis, …}} in a chain configuration, its example and its JSON Schema. */
class RevocationConfigurationTest {
  private static final Path EXAMPLE = Path.of("config-examples", "revocations.yaml");
  private static final Path SCHEMA = Path.of("..", "keystore-file", "src", "main", "resources", "dev", "latchkey", "keystore", "file", "latchkey-config.schema.json");
  private static final String SERVICE_KEY = "lk_service_0123456789abcdefghij";
  private static final String PASSWORD = "hunter2-redis-password";

  @TempDir Path dir;

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theExampleIsValidAgainstTheSchemaAndAStoreWithoutAUrlIsNot() throws IOException {
    Schema schema;
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
    assertThat(schema.validate(Files.readString(EXAMPLE), InputFormat.YAML)).isEmpty();
    assertThat(schema.validate("sources: [{type: in-memory, keys: []}]\nrevocations: {type: redis, on_failure: deny}\n", InputFormat.YAML))
        .isNotEmpty();
  }

  @Test
  void theExampleLoadsAndARevocationMadeThroughTheAuthenticatorIsRefusedAndStoredInRedis() throws InterruptedException {
    TestRedis redis = TestRedis.shared();
    Map<String, String> env = Map.of("API_KEY_SERVICE", SERVICE_KEY, "REDIS_URL", redis.url());
    AuthRequest request = AuthRequest.builder().remoteAddress("192.0.2.1").header("X-API-Key", SERVICE_KEY).build();
    try (Authenticator auth = ChainConfiguration.load(EXAMPLE, env, MutableClock.standard()).build()) {
      RedisRevocations store = (RedisRevocations) auth.revocations().orElseThrow();
      // on_failure: deny refuses every request until the set was first read from Redis, in the background.
      long end = System.nanoTime() + 5_000_000_000L;
      while (store.lastResync().isEmpty() && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      store.revoke(Revocation.key("service"));

      AuthResult result = auth.authenticate(request);
      String stored = redis.inspect(r -> r.hget("{latchkey:revocations}", "k:service"));

      assertThat(result).isInstanceOfSatisfying(AuthResult.Denied.class, d -> assertThat(d.status() + " " + d.reason()).isEqualTo("401 REVOKED"));
      assertThat(stored).isEqualTo("0 -");
    } finally {
      redis.inspect(r -> r.del("{latchkey:revocations}", "{latchkey:revocations}:until"));
    }
  }

  @Test
  void anUnreachableRedisIsAProblemForValidateByHostAndPortOnlyButNotForAnApplicationStarting() throws IOException {
    int port = closedPort();
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        revocations: {type: redis, url: "${REDIS_URL}", timeout: 200ms}
        """);
    Map<String, String> env = Map.of("REDIS_URL", "redis://:" + PASSWORD + "@127.0.0.1:" + port);

    ConfigurationException validated = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.validate(config, env, MutableClock.standard()));
    Authenticator started = ChainConfiguration.load(config, env, MutableClock.standard()).build();
    started.close();

    assertThat(validated.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message())
        .containsExactly("5 revocations.url names a Redis server that cannot be reached (127.0.0.1:" + port + ")");
    SecretLeakCheck.of(PASSWORD).exception(validated).values(started).logs().assertNoLeak();
  }

  @Test
  void badSettingsAreReportedAtTheirLinesWithoutTheirValues() throws IOException {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        revocations:
          type: redis
          url: "${REDIS_URL}"
          mode: eventually
          on_failure: sometimes
          resync_interval: 2d
          stale_after: 1m
        """);
    Map<String, String> env = Map.of("REDIS_URL", "http://:" + PASSWORD + "@[::1");

    ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(config, env, MutableClock.standard()));

    assertThat(thrown.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message()).isEqualTo(List.of(
        "7 revocations.url not a Redis URL (redis://[:password@]host[:port][/db])",
        "8 revocations.mode must be one of pubsub, poll",
        "9 revocations.on_failure must be one of serve, deny",
        "10 revocations.resync_interval must be positive and at most a day",
        "11 revocations.stale_after applies with on_failure: deny only"));
    SecretLeakCheck.of(PASSWORD).exception(thrown).logs().assertNoLeak();
  }

  @Test
  void anUnknownStoreTypeNamesTheKnownOnes() throws IOException {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources: [{type: in-memory, keys: [{key: lk_service_0123456789abcdefghij, name: service}]}]
        revocations: {type: memcached, url: x}
        """);

    ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(config, Map.of(), MutableClock.standard()));

    assertThat(thrown.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message())
        .containsExactly("2 revocations.type is not a known revocation store type (known: memory, redis)");
  }
}
