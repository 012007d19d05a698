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

/**
 * {@code backend: {type: redis, …}} and {@code revocations: {type: redis, …}} in a chain configuration,
 * their examples and their JSON Schema.
 */
class RedisConfigurationTest {
  private static final Path EXAMPLE = Path.of("config-examples", "replicas.yaml");
  private static final Path REVOCATIONS_EXAMPLE = Path.of("config-examples", "revocations.yaml");
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

  /**
   * The problems {@code config validate} reports for {@code yaml} with {@code REDIS_URL} naming a
   * password and {@code port}; checks that an application still starts, and that no password leaks.
   */
  private List<String> validatedWithRedisAt(int port, String yaml) throws IOException {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), yaml);
    Map<String, String> env = Map.of("REDIS_URL", "redis://:" + PASSWORD + "@127.0.0.1:" + port);

    ConfigurationException validated = catchThrowableOfType(ConfigurationException.class,
        () -> ChainConfiguration.validate(config, env, MutableClock.standard()));
    Authenticator started = ChainConfiguration.load(config, env, MutableClock.standard()).build();
    started.close();

    SecretLeakCheck.of(PASSWORD).exception(validated).values(started).logs().assertNoLeak();
    return validated.problems().stream().map(p -> p.line() + " " + p.key() + " " + p.message()).toList();
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
      TestRedis.awaitUp(auth);
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
      TestRedis.awaitUp(auth);
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
    List<String> problems = validatedWithRedisAt(port, """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        policies:
          rate_limits:
            limit: {permits: 10, period: 1m}
            backend: {type: redis, url: "${REDIS_URL}", timeout: 20ms}
        """);

    assertThat(problems).containsExactly("8 policies.rate_limits.backend.url names a Redis server that cannot be reached (127.0.0.1:" + port + ")");
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

  @Test
  void theRevocationsExampleIsValidAgainstTheSchemaAndAStoreWithoutAUrlIsNot() throws IOException {
    Schema schema;
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
    assertThat(schema.validate(Files.readString(REVOCATIONS_EXAMPLE), InputFormat.YAML)).isEmpty();
    assertThat(schema.validate("sources: [{type: in-memory, keys: []}]\nrevocations: {type: redis, on_failure: deny}\n", InputFormat.YAML))
        .isNotEmpty();
  }

  @Test
  void theRevocationsExampleLoadsAndARevocationMadeThroughTheAuthenticatorIsRefusedAndStoredInRedis() throws InterruptedException {
    TestRedis redis = TestRedis.shared();
    Map<String, String> env = Map.of("API_KEY_SERVICE", SERVICE_KEY, "REDIS_URL", redis.url());
    AuthRequest request = AuthRequest.builder().remoteAddress("192.0.2.1").header("X-API-Key", SERVICE_KEY).build();
    try (Authenticator auth = ChainConfiguration.load(REVOCATIONS_EXAMPLE, env, MutableClock.standard()).build()) {
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
  void anUnreachableRevocationStoreIsAProblemForValidateByHostAndPortOnlyButNotForAnApplicationStarting() throws IOException {
    int port = closedPort();
    List<String> problems = validatedWithRedisAt(port, """
        sources:
          - type: in-memory
            keys:
              - {key: lk_service_0123456789abcdefghij, name: service}
        revocations: {type: redis, url: "${REDIS_URL}", timeout: 200ms}
        """);

    assertThat(problems).containsExactly("5 revocations.url names a Redis server that cannot be reached (127.0.0.1:" + port + ")");
  }

  @Test
  void badRevocationSettingsAreReportedAtTheirLinesWithoutTheirValues() throws IOException {
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
  void anUnknownRevocationStoreTypeNamesTheKnownOnes() throws IOException {
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
