package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Reason;
import dev.latchkey.config.ChainConfiguration;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The README's three-replica recipe, for real: replicas running the same chain file on one PostgreSQL
 * and one Redis, keys made with the command-line tool. A key made once works on every replica, its
 * requests are counted in Redis, and a revocation made once is refused by every replica.
 */
class ThreeReplicaRecipeTest {
  private static final Path RECIPE = Path.of("..", "keystore-file", "config-examples", "postgres-store", "three-replicas.yaml");
  private static EmbeddedPostgres postgres;
  private static RedisServer redis;
  private static int redisPort;

  @BeforeAll
  static void startServers() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE latchkey LOGIN");
      s.execute("CREATE DATABASE latchkey OWNER latchkey");
    }
    try (ServerSocket free = new ServerSocket(0)) {
      redisPort = free.getLocalPort();
    }
    redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort)
        .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
    redis.start();
  }

  @AfterAll
  static void stopServers() throws IOException {
    redis.stop();
    postgres.close();
  }

  private static Map<String, String> environment() {
    return Map.of(
        "DATABASE_HOST", "localhost:" + postgres.getPort(),
        "DATABASE_PASSWORD", "trusted-locally",
        "REDIS_URL", "redis://127.0.0.1:" + redisPort);
  }

  private static AuthResult call(Authenticator replica, String key) {
    return replica.authenticate(AuthRequest.builder().remoteAddress("192.0.2.10").header("Authorization", "Bearer " + key).build());
  }

  /** Asks until {@code wanted} holds or ten seconds pass; the last answer. */
  private static AuthResult within(Authenticator replica, String key, Predicate<AuthResult> wanted) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    AuthResult result = call(replica, key);
    while (!wanted.test(result) && System.nanoTime() < giveUp) {
      Thread.sleep(20);
      result = call(replica, key);
    }
    return result;
  }

  private static List<String> countersInRedis() {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().keys("latchkey:rl:*");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aKeyMadeOnceWorksOnEveryReplicaIsCountedInRedisAndARevocationReachesThemAll() throws Exception {
    Authenticator a = ChainConfiguration.load(RECIPE, environment(), Clock.systemUTC()).build();
    Authenticator b = ChainConfiguration.load(RECIPE, environment(), Clock.systemUTC()).build();
    Authenticator c = ChainConfiguration.load(RECIPE, environment(), Clock.systemUTC()).build();
    try (a; b; c) {
      String store = "jdbc:postgresql://localhost:" + postgres.getPort() + "/latchkey?user=latchkey";
      CliRun created = latchkeyIn(CliRun.World.empty(), "keys", "create", "--store", store, "--name", "ci-bot", "--role", "deploy", "--json");
      assertThat(created.status()).as(created.err()).isZero();
      Map<?, ?> made = new ObjectMapper().readValue(created.out(), Map.class);
      String secret = (String) made.get("secret");

      List<AuthResult> accepted = List.of(
          within(a, secret, r -> r instanceof AuthResult.Authenticated),
          within(b, secret, r -> r instanceof AuthResult.Authenticated),
          within(c, secret, r -> r instanceof AuthResult.Authenticated));
      List<String> counters = countersInRedis();
      CliRun revoked = latchkeyIn(CliRun.World.empty(), "keys", "revoke", "--store", store, (String) made.get("id"));
      List<AuthResult> refused = List.of(
          within(a, secret, r -> r instanceof AuthResult.Denied),
          within(b, secret, r -> r instanceof AuthResult.Denied),
          within(c, secret, r -> r instanceof AuthResult.Denied));

      assertThat(accepted).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(AuthResult.Authenticated.class,
          ok -> assertThat(ok.principal().hasRole("deploy")).isTrue()));
      assertThat(counters).as("the principal's count, shared in Redis").hasSize(1);
      assertThat(revoked.status()).as(revoked.err()).isZero();
      assertThat(refused).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(AuthResult.Denied.class,
          no -> assertThat(no.reason()).isEqualTo(Reason.REVOKED)));
    }
  }
}
