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

/** {@code backend: {type: redis, …}} in a chain configuration, its example and its JSON Schema. */
class RedisConfigurationTest {
  private static final Path EXAMPLE = Path.of("config-examples", "replicas.yaml");
  private static final Path BATCHED_EXAMPLE = Path.of("config-examples", "batched.yaml");
  /** The schema latchkey-keystore-file publishes, read from its sources (a module's resources are its own). */
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
  void theExampleIsValidAgainstTheSchema() throws IOException {
    Schema schema;
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
    assertThat(schema.validate(Files.readString(EXAMPLE), InputFormat.YAML)).isEmpty();
    assertThat(schema.validate(Files.readString(BATCHED_EXAMPLE), InputFormat.YAML)).isEmpty();
    assertThat(schema.validate("sources: [{type: in-memory, keys: []}]\npolicies: {rate_limits: {limit: {permits: 1, period: 1h}, "
        + "backend: {type: redis, url: 'redis://h', mode: batched, batch: 0}}}\n", InputFormat.YAML)).isNotEmpty();
    assertThat(schema.validate("sources: [{type: in-memory, keys: []}]\npolicies: {rate_limits: {limit: {permits: 1, period: 1h}, "
        + "backend: {type: redis, url: 'redis://h', on_failure: sometimes}}}\n", InputFormat.YAML)).isNotEmpty();
  }

  @Test
  void theExampleLoadsAndCountsInRedis() {
    TestRedis redis = TestRedis.shared();
    Map<String, String> env = Map.of("API_KEY_SERVICE", SERVICE_KEY, "REDIS_URL", redis.url());
    try (Authenticator auth = ChainConfiguration.load(EXAMPLE, env, MutableClock.standard()).build()) {
      AuthResult result = auth.authenticate(AuthRequest.builder().remoteAddress("192.0.2.1").header("X-API-Key", SERVICE_KEY).build());
      long stored = redis.inspect(r -> r.exists("latchkey:rl:{principal:service}"));
      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(stored).as("the principal's count, in Redis").isEqualTo(1);
    }
  }

  @Test
  void theBatchedExampleLeasesTenPermitsAtATimeAndCountsFailedAttemptsExactly() {
    TestRedis redis = TestRedis.shared();
    Map<String, String> env = Map.of("API_KEY_SERVICE", SERVICE_KEY, "REDIS_URL", redis.url());
    // The other example counts the same principal under the same key on this shared server.
    redis.inspect(r -> r.del("latchkey:rl:{principal:service}"));
    try (Authenticator auth = ChainConfiguration.load(BATCHED_EXAMPLE, env, MutableClock.standard()).build()) {
      AuthResult result = auth.authenticate(AuthRequest.builder().remoteAddress("192.0.2.44").header("X-API-Key", SERVICE_KEY).build());
      // The lease is counted in Redis at once; the exact throttle's permit, given back on success, leaves nothing.
      List<Object> stored = redis.inspect(r -> List.of(
          String.valueOf(r.hget("latchkey:rl:{principal:service}", "n")), r.exists("latchkey:rl:{failed-address:192.0.2.44}")));
      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(stored).as("the principal's window count, the address's failed attempts").containsExactly("10", 0L);
    }
  }

  @Test
  void aBatchWithoutTheBatchedModeIsAProblem() throws IOException {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        policies:
          rate_limits:
            limit: {permits: 10, period: 1m}
            backend: {type: redis, url: "redis://127.0.0.1:1", batch: 5}
        """);

    ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(config, Map.of(), MutableClock.standard()));

    assertThat(thrown.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message())
        .containsExactly("8 policies.rate_limits.backend.batch applies only with mode: batched");
  }

  @Test
  void anUnreachableRedisIsAProblemForValidateByHostAndPortOnlyButNotForAnApplicationStarting() throws IOException {
    int port = closedPort();
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        policies:
          rate_limits:
            limit: {permits: 10, period: 1m}
            backend: {type: redis, url: "${REDIS_URL}", timeout: 20ms}
        """);
    Map<String, String> env = Map.of("REDIS_URL", "redis://:" + PASSWORD + "@127.0.0.1:" + port);

    ConfigurationException validated = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.validate(config, env, MutableClock.standard()));
    Authenticator started = ChainConfiguration.load(config, env, MutableClock.standard()).build();
    started.close();

    assertThat(validated.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message())
        .containsExactly("8 policies.rate_limits.backend.url names a Redis server that cannot be reached (127.0.0.1:" + port + ")");
    SecretLeakCheck.of(PASSWORD).exception(validated).values(started).logs().assertNoLeak();
  }

  @Test
  void badBackendSettingsAreReportedAtTheirLinesWithoutTheirValues() throws IOException {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        policies:
          rate_limits:
            limit: {permits: 10, period: 1m}
            backend: {type: redis, url: "${REDIS_URL}", on_failure: sometimes, mode: eventually}
          failed_attempts:
            backend: {type: memcached, url: x}
        """);
    Map<String, String> env = Map.of("REDIS_URL", "http://:" + PASSWORD + "@[::1");

    ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.load(config, env, MutableClock.standard()));

    assertThat(thrown.problems()).extracting(p -> p.line() + " " + p.key() + " " + p.message()).isEqualTo(List.of(
        "8 policies.rate_limits.backend.url not a Redis URL (redis://[:password@]host[:port][/db])",
        "8 policies.rate_limits.backend.on_failure must be one of allow, deny, local",
        "8 policies.rate_limits.backend.mode must be one of exact, batched",
        "10 policies.failed_attempts.backend.type is not a known backend type (known: redis)"));
    SecretLeakCheck.of(PASSWORD).exception(thrown).logs().assertNoLeak();
  }
}
