package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static dev.latchkey.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Principal;
import dev.latchkey.redis.RedisRevocations;
import dev.latchkey.revocation.Revocations.Kind;
import dev.latchkey.revocation.Revocations.Status;
import dev.latchkey.testing.ManualBackground;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** {@code latchkey jwt revoke}: a revocation recorded in the shared Redis, refused by every instance. */
class JwtRevokeCommandTest {
  private static final String PASSWORD = "cli-redis-password-never-printed";
  private static int port;
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws IOException {
    port = freePort();
    redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
        .setting("save \"\"").setting("appendonly no").setting("requirepass " + PASSWORD).onShutdownForceStop(true).build();
    redis.start();
  }

  @AfterAll
  static void stopRedis() throws IOException {
    redis.stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String url(int port) {
    return "redis://:" + PASSWORD + "@127.0.0.1:" + port;
  }

  /** What an instance of the service, sharing the Redis, answers for a token after reading the set. */
  private static Status instanceSees(String subject, String jti, Instant issuedAt) {
    try (RedisRevocations instance = RedisRevocations.builder(url(port)).clock(CliRun.CLOCK).build()) {
      instance.start(ManualBackground.on(CliRun.CLOCK));
      instance.resync();
      return instance.check(Principal.builder(subject, "jwt").credentialId(jti).issuedAt(issuedAt).build(), Kind.TOKEN);
    }
  }

  @Test
  void revokingAJtiRecordsItInRedisAndAnInstanceRefusesTheToken() {
    CliRun run = latchkey("jwt", "revoke", "--redis", url(port), "--jti", "jti-cli-1", "--until", "2026-11-30T13:00:00Z");

    assertThat(run).isEqualTo(new CliRun(0,
        "Revoked the token with jti jti-cli-1 until 2026-11-30T13:00:00Z, on Redis at 127.0.0.1:" + port + ".\n", ""));
    assertThat(instanceSees("alice", "jti-cli-1", CliRun.CLOCK.instant())).isEqualTo(Status.REVOKED);
  }

  @Test
  void revokingASubjectBeforeNowLogsItOutEverywhereAndTheUrlMayComeFromTheEnvironment() {
    CliRun.World world = CliRun.World.empty().withEnvironment(Map.of("REDIS_URL", url(port)));

    CliRun run = latchkeyIn(world, "jwt", "revoke", "--sub", "bob", "--before", "now");

    assertThat(run).isEqualTo(new CliRun(0,
        "Revoked every token of subject bob issued before 2026-11-30T12:00:00Z, on Redis at 127.0.0.1:" + port + ".\n", ""));
    assertThat(instanceSees("bob", "any", CliRun.CLOCK.instant().minusSeconds(1))).isEqualTo(Status.REVOKED);
    assertThat(instanceSees("bob", "any", CliRun.CLOCK.instant())).isEqualTo(Status.NOT_REVOKED);
  }

  @Test
  void anUntilInThePastIsAUsageErrorAndNothingIsRecorded() {
    CliRun run = latchkey("jwt", "revoke", "--redis", url(port), "--jti", "jti-past", "--until", "2026-11-30T11:59:59Z");

    assertThat(run).isEqualTo(new CliRun(2, "", "latchkey jwt revoke: --until 2026-11-30T11:59:59Z is not in the future: a token is revoked until its exp, "
        + "and a token past its exp is refused already\n"));
    assertThat(instanceSees("alice", "jti-past", CliRun.CLOCK.instant())).isEqualTo(Status.NOT_REVOKED);
  }

  @Test
  void anUnreachableRedisFailsNamingHostAndPortOnly() {
    int closed = freePort();

    CliRun run = latchkey("jwt", "revoke", "--redis", url(closed), "--jti", "jti-1", "--until", "2026-11-30T13:00:00Z");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("latchkey jwt revoke: the revocation could not be recorded in Redis at 127.0.0.1:" + closed + " (")
        .endsWith("); nothing was revoked\n").doesNotContain(PASSWORD);
  }

  @Test
  void aJtiWithoutUntilAndNoRedisAtAllAreUsageErrors() {
    CliRun noUntil = latchkey("jwt", "revoke", "--redis", url(port), "--jti", "jti-1");
    CliRun noRedis = latchkey("jwt", "revoke", "--jti", "jti-1", "--until", "2026-11-30T13:00:00Z");
    CliRun badInstant = latchkey("jwt", "revoke", "--redis", url(port), "--sub", "bob", "--before", "yesterday");

    assertThat(noUntil.status()).isEqualTo(2);
    assertThat(noUntil.err()).contains("--until");
    assertThat(noRedis).isEqualTo(new CliRun(2, "", "latchkey jwt revoke: name the shared Redis with --redis URL or the REDIS_URL environment variable\n"));
    assertThat(badInstant).isEqualTo(new CliRun(2, "", "latchkey jwt revoke: --before must be an ISO-8601 instant in UTC, such as 2026-12-06T10:00:00Z, or now\n"));
  }
}
