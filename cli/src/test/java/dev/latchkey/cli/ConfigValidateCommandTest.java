package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static dev.latchkey.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey config validate FILE}. */
class ConfigValidateCommandTest {
  /** The examples shipped with keystore-file, which its tests load too. */
  private static final Path EXAMPLES = Path.of("..", "keystore-file", "config-examples");

  @TempDir Path dir;

  @Test
  void aValidFileIsReportedWithItsSourcesInChainOrder() throws Exception {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: env
            layouts: [omnidev]
          - type: in-memory
            id: ci
            keys:
              - {key: ci-key-0123456789abcdef, name: ci-bot}
        """);

    assertThat(latchkey("config", "validate", config.toString()))
        .isEqualTo(new CliRun(0, config + ": valid; its sources, asked in this order:\n  1. env\n  2. in-memory (id ci)\n", ""));
  }

  @Test
  void theShippedWholeChainExampleIsValidWithItsVariablesSet() {
    Path chain = EXAMPLES.resolve("chain.yaml");
    CliRun.World world = CliRun.World.empty().withEnvironment(Map.of(
        "API_KEY_SERVICE", "service-key-0123456789abcdef",
        "JWT_HMAC_SECRET", "an-hmac-secret-of-at-least-32-bytes!",
        "CI_KEY", "ci-key-0123456789abcdef",
        "LATCHKEY_KEY_STORE", dir.resolve("managed-keys.json").toString()));

    assertThat(latchkeyIn(world, "config", "validate", chain.toString()))
        .isEqualTo(new CliRun(0, chain + ": valid; its sources, asked in this order:\n"
            + "  1. env\n  2. yaml-keys\n  3. file-store\n  4. jwt\n  5. in-memory (id ci)\n", ""));
  }

  @Test
  void sourcesUnderALatchkeyKeyAreListed() {
    Path application = EXAMPLES.resolve("application.yml");
    CliRun.World world = CliRun.World.empty().withEnvironment(Map.of("DEPLOY_KEY_HASH", "sha256:" + "ab".repeat(32)));

    assertThat(latchkeyIn(world, "config", "validate", application.toString()))
        .isEqualTo(new CliRun(0, application + ": valid; its sources, asked in this order:\n  1. in-memory\n", ""));
  }

  @Test
  void anInvalidFileIsAUsageErrorListingEveryProblemWithFileLineAndColumn() throws Exception {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        realm: ""
        sources:
          - type: nonsense
          - type: env
        """);

    assertThat(latchkey("config", "validate", config.toString()))
        .isEqualTo(new CliRun(2, "", "latchkey config validate: " + config + " is not a valid configuration:\n"
            + "  " + config + ":1:8: realm: must be non-empty printable ASCII\n"
            + "  " + config + ":3:11: sources[0].type: is not a known source type (known: env, file-store, in-memory, jwt, omnidev-file, yaml-keys)\n"
            + "  " + config + ":4:5: sources[1].layouts: is required: list omnidev, moosestack or generic\n"));
  }

  @Test
  void aJwtIssuerThatStatesNoAudienceIsReportedNotCalledValid() throws Exception {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                hmac_secret: an-hmac-secret-of-at-least-32-bytes!
        """);

    assertThat(latchkey("config", "validate", config.toString()))
        .isEqualTo(new CliRun(2, "", "latchkey config validate: " + config + " is not a valid configuration:\n"
            + "  " + config + ":4:9: sources[0].issuers[0].audiences: is required: list the audiences this service answers to "
            + "(a token's aud must contain one), or write any_audience: true to accept tokens for any audience (RFC 8725 §3.9)\n"));
  }

  @Test
  void aRedisBackendThatCannotBeReachedIsReportedByHostAndPortNeverWithItsPassword() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: ci-key-0123456789abcdef, name: ci-bot}
        policies:
          rate_limits:
            limit: {permits: 10, period: 1m}
            backend: {type: redis, url: "${REDIS_URL}"}
        """);
    CliRun.World world = CliRun.World.empty().withEnvironment(Map.of("REDIS_URL", "redis://:s3cret-redis-pw@127.0.0.1:" + port));

    assertThat(latchkeyIn(world, "config", "validate", config.toString()))
        .isEqualTo(new CliRun(2, "", "latchkey config validate: " + config + " is not a valid configuration:\n"
            + "  " + config + ":8:33: policies.rate_limits.backend.url: names a Redis server that cannot be reached (127.0.0.1:" + port + ")\n"));
  }

  @Test
  void aFileThatIsNotThereIsAUsageError() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(latchkey("config", "validate", missing.toString()))
        .isEqualTo(new CliRun(2, "", "latchkey config validate: " + missing + ": no such configuration file\n"));
  }

  @Test
  void theFileIsRequired() {
    assertThat(latchkey("config", "validate"))
        .isEqualTo(new CliRun(2, "", "latchkey config validate: Missing required parameter: 'FILE'\n"
            + "Try 'latchkey config validate --help' for more information.\n"));
  }

  @Test
  void configWithoutACommandIsAUsageErrorListingThem() {
    CliRun run = latchkey("config");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("Usage: latchkey config [-h] COMMAND").contains("validate");
  }
}
