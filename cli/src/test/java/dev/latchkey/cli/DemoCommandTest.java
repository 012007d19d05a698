package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static dev.latchkey.cli.CliRun.latchkeyIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.examples.DemoServer;
import dev.latchkey.adapter.contract.LoopbackHttp;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey demo}: its options, its default configuration, and that what it prints works. */
class DemoCommandTest {
  private static final String TRY_HELP = "Try 'latchkey demo --help' for more information.\n";

  @TempDir Path data;

  /** A demo started as {@code latchkey demo ARGS} would start it, with what it printed. */
  private record Started(DemoServer server, String out) implements AutoCloseable {
    List<String> curlCommands() {
      return out.lines().map(String::strip).filter(line -> line.startsWith("curl ")).toList();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private static Started start(CliRun.World world, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    picocli.CommandLine cli = LatchkeyCommand.commandLine(world.terminal(out, err));
    DemoCommand demo = (DemoCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
    DemoServer server = demo.start();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    return new Started(server, out.toString(StandardCharsets.UTF_8));
  }

  private Started startDemo() throws Exception {
    return start(CliRun.World.empty().withClock(Clock.systemUTC()), "demo", "--port", "0", "--data", data.toString());
  }

  @Test
  void everyPrintedCurlCommandWorks() throws Exception {
    try (Started demo = startDemo()) {
      List<String> commands = demo.curlCommands();

      assertThat(commands).hasSize(6);
      for (String command : commands) {
        int expected = command.contains("# 401") ? 401 : 200;
        assertThat(LoopbackHttp.replay(command).status()).as(command).isEqualTo(expected);
      }
    }
  }

  @Test
  void everyDecisionIsPrintedAsOneAuditLineWithoutTheSecret() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    picocli.CommandLine cli = LatchkeyCommand.commandLine(
        CliRun.World.empty().withClock(Clock.systemUTC()).terminal(out, new ByteArrayOutputStream()));
    DemoCommand demo = (DemoCommand) cli.parseArgs("demo", "--port", "0", "--data", data.toString()).subcommand().commandSpec().userObject();
    try (DemoServer server = demo.start()) {
      String printed = out.toString(StandardCharsets.UTF_8);
      String whoami = printed.lines().map(String::strip).filter(l -> l.startsWith("curl ")).findFirst().orElseThrow();
      assertThat(whoami).endsWith(server.baseUrl() + "/whoami");
      String secret = whoami.replaceAll(".*Bearer (lk_[0-9A-Za-z]{49}).*", "$1");

      LoopbackHttp.replay(whoami);
      LoopbackHttp.replay(whoami.replace(secret, secret.substring(0, 52) + "xyz"));

      List<String> audit = out.toString(StandardCharsets.UTF_8).substring(printed.length()).lines().toList();
      assertThat(audit).hasSize(2);
      assertThat(audit.get(0)).matches(
          "audit outcome=AUTHENTICATED reason=- status=- principal=demo-admin source=file-store credential=fp_[0-9a-f]+ client=127\\.0\\.0\\.1 micros=[0-9]+");
      assertThat(audit.get(1)).matches(
          "audit outcome=DENIED reason=INVALID_CREDENTIAL status=401 principal=- source=- credential=fp_[0-9a-f]+ client=127\\.0\\.0\\.1 micros=[0-9]+");
      assertThat(String.join("\n", audit)).doesNotContain(secret).doesNotContain(secret.substring(3, 20));
    }
  }

  @Test
  void theKeyConsoleIsMountedAndThePrintedAdminKeyManagesEveryKeyThere() throws Exception {
    try (Started demo = startDemo()) {
      String console = demo.out().lines().filter(l -> l.startsWith("Key management console: ")).findFirst().orElseThrow()
          .substring("Key management console: ".length());
      String adminKey = demo.curlCommands().get(0).replaceAll(".*Bearer (lk_[0-9A-Za-z]+)'.*", "$1");

      assertThat(console).matches("http://127\\.0\\.0\\.1:[0-9]+/latchkey/admin/");
      assertThat(demo.out()).contains("sign in by pasting the 'demo-admin' key printed above");
      assertThat(LoopbackHttp.replay("curl -i " + console).status()).isEqualTo(200);
      LoopbackHttp.Response keys = LoopbackHttp.replay("curl -i -H 'Authorization: Bearer " + adminKey + "' " + console + "api/keys");
      assertThat(keys.status()).isEqualTo(200);
      assertThat(keys.body()).contains("\"name\":\"demo-admin\"").doesNotContain(adminKey);
    }
  }

  @Test
  void theNewAdminKeyIsPrintedOnceAndProvesTheAdmin() throws Exception {
    try (Started demo = startDemo()) {
      String whoami = demo.curlCommands().get(0);
      assertThat(whoami).matches("curl -i -H 'Authorization: Bearer lk_[0-9A-Za-z]{49}' http://127\\.0\\.0\\.1:[0-9]+/whoami");

      LoopbackHttp.Response answer = LoopbackHttp.replay(whoami);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).matches("\\{\"name\":\"demo-admin\",\"roles\":\\[\"admin\"],\"source\":\"file-store\",\"credentialId\":\"key_[0-9a-f]{16}\"}");
    }
  }

  @Test
  void theAskCommandPostsOmnidevsQuestionAndGetsItBackWithWhoAsked() throws Exception {
    try (Started demo = startDemo()) {
      String ask = demo.curlCommands().get(1);
      assertThat(ask).contains("-H 'X-API-Key: lk_").contains("-H 'Content-Type: application/json'").endsWith("/api/ask");

      LoopbackHttp.Response answer = LoopbackHttp.replay(ask);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body())
          .startsWith("{\"workspaceId\":\"workspace-123\",\"question\":\"How does this code work?\",\"answer\":")
          .contains("\"askedBy\":{\"name\":\"demo-admin\"");
    }
  }

  @Test
  void thePrintedJwtProvesTheDemoUserOnBothEndpoints() throws Exception {
    try (Started demo = startDemo()) {
      List<String> withJwt = demo.curlCommands().stream().filter(c -> c.contains("Bearer eyJ")).toList();
      assertThat(withJwt).hasSize(2);

      LoopbackHttp.Response whoami = LoopbackHttp.replay(withJwt.get(0));
      LoopbackHttp.Response ask = LoopbackHttp.replay(withJwt.get(1));

      assertThat(whoami.status()).isEqualTo(200);
      assertThat(whoami.body()).startsWith("{\"name\":\"demo-user\",\"roles\":[\"reader\"],\"source\":\"jwt\"");
      assertThat(ask.status()).isEqualTo(200);
      assertThat(ask.body()).contains("\"askedBy\":{\"name\":\"demo-user\"");
    }
  }

  @Test
  void theYamlKeysFileKeyIsPrintedOnceAndProvesItsName() throws Exception {
    try (Started demo = startDemo()) {
      String yaml = demo.curlCommands().get(2);
      assertThat(yaml).contains("-H 'X-API-Key: lk_").endsWith("/whoami");

      assertThat(LoopbackHttp.replay(yaml).body()).startsWith("{\"name\":\"apikey:reporting\",\"roles\":[\"analyst\"],\"source\":\"yaml-keys\"");
    }
  }

  @Test
  void aRequestWithoutAKeyIsDeniedWith401() throws Exception {
    try (Started demo = startDemo()) {
      LoopbackHttp.Response answer = LoopbackHttp.get(demo.server().baseUrl() + "/whoami");

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.headers()).containsEntry("www-authenticate", "Bearer realm=\"latchkey-demo\"");
    }
  }

  @Test
  void aSecondStartOnTheSameDataPrintsNoStoredSecretAgainAndItStillWorks() throws Exception {
    String adminCommand;
    try (Started first = startDemo()) {
      adminCommand = first.curlCommands().get(0);
    }
    String adminKey = adminCommand.replaceAll(".*Bearer (\\S+)'.*", "$1");

    try (Started second = startDemo()) {
      assertThat(second.out()).doesNotContain(adminKey).contains("was shown when it was made");
      assertThat(second.curlCommands()).hasSize(3).allMatch(c -> c.contains("eyJ") || c.contains("# 401"));
      assertThat(LoopbackHttp.replay(adminCommand.replace(adminCommand.replaceAll(".*(http://[^/]+).*", "$1"), second.server().baseUrl())).status())
          .isEqualTo(200);
    }
  }

  @Test
  void aStartThatFailsLeavesNoKeyWhoseSecretWasNeverShown() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(latchkey("demo", "--port", Integer.toString(taken.getLocalPort()), "--data", data.toString()).status()).isEqualTo(1);
    }

    try (Started next = startDemo()) {
      assertThat(next.out()).contains("New admin key 'demo-admin'").contains("New key 'apikey:reporting'");
      assertThat(next.curlCommands()).hasSize(6);
    }
  }

  @Test
  void omnidevKeysFromTheEnvironmentAreAccepted() throws Exception {
    CliRun.World world = CliRun.World.empty().withClock(Clock.systemUTC())
        .withEnvironment(Map.of("ADMIN_API_KEY", "omnidev-admin-key-0123456789abcdef0123"));
    try (Started demo = start(world, "demo", "--port", "0", "--data", data.toString())) {
      LoopbackHttp.Response answer =
          LoopbackHttp.get(demo.server().baseUrl() + "/whoami", "x-api-key", "omnidev-admin-key-0123456789abcdef0123");

      assertThat(demo.out()).contains("ADMIN_API_KEY / VALID_API_KEYS from the environment work too");
      assertThat(answer.body()).isEqualTo("{\"name\":\"admin\",\"roles\":[\"admin\"],\"source\":\"env\",\"credentialId\":\"ADMIN_API_KEY\"}");
    }
  }

  @Test
  void configRunsTheDemoOnThatConfigurationFile() throws Exception {
    Path config = Files.writeString(data.resolve("latchkey.yaml"),
        "sources:\n  - type: in-memory\n    keys:\n      - {key: \"${CI_KEY}\", name: ci-bot, roles: [deploy]}\n");
    CliRun.World world = CliRun.World.empty().withEnvironment(Map.of("CI_KEY", "ci-key-0123456789abcdef"));

    try (Started demo = start(world, "demo", "--port", "0", "--config", config.toString())) {
      LoopbackHttp.Response answer = LoopbackHttp.get(demo.server().baseUrl() + "/whoami", "Authorization", "Bearer ci-key-0123456789abcdef");

      assertThat(demo.out()).contains("(configuration: " + config + ")").contains("Send a key or token your configuration accepts");
      assertThat(answer.body()).startsWith("{\"name\":\"ci-bot\",\"roles\":[\"deploy\"]");
      assertThat(data.resolve("keys.json")).doesNotExist();
    }
  }

  @Test
  void anInvalidConfigIsAUsageErrorNamingLineAndColumn() throws Exception {
    Path config = Files.writeString(data.resolve("latchkey.yaml"), "sources:\n  - type: nonsense\n");

    assertThat(latchkey("demo", "--port", "0", "--config", config.toString()))
        .isEqualTo(new CliRun(2, "", "latchkey demo: " + config + " is not a valid configuration:\n  " + config
            + ":2:11: sources[0].type: is not a known source type (known: env, file-store, in-memory, jwt, omnidev-file, yaml-keys)\n"));
  }

  @Test
  void aBrokenKeyStoreInTheDataDirectoryIsAUsageErrorNamingLineAndColumn() throws Exception {
    Path store = Files.writeString(data.resolve("keys.json"), "{\"version\": 1,\n \"keys\": 7}\n");

    CliRun run = latchkey("demo", "--port", "0", "--data", data.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("latchkey demo: " + store + " is not a usable key store:\n  " + store + ":2:10: keys: must be a list\n");
  }

  @Test
  void dataAndConfigTogetherAreAUsageError() {
    assertThat(latchkey("demo", "--port", "0", "--data", data.toString(), "--config", data.resolve("latchkey.yaml").toString()))
        .isEqualTo(new CliRun(2, "", "latchkey demo: give --data or --config, not both\n"));
  }

  @Test
  void portThatIsNotANumberIsAUsageError() {
    assertThat(latchkey("demo", "--port", "http"))
        .isEqualTo(new CliRun(2, "", "latchkey demo: Invalid value for option '--port': 'http' is not an int\n" + TRY_HELP));
  }

  @Test
  void portOutOfRangeIsAUsageError() {
    assertThat(latchkey("demo", "--port", "70000"))
        .isEqualTo(new CliRun(2, "", "latchkey demo: --port must be between 0 and 65535\n"));
  }

  @Test
  void portInUseIsAFailureNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(latchkeyIn(CliRun.World.empty(), "demo", "--port", Integer.toString(port), "--data", data.toString()))
          .isEqualTo(
              new CliRun(1, "", "latchkey demo: port " + port + " is in use; choose another with --port N (0 picks a free one)\n"));
    }
  }
}
