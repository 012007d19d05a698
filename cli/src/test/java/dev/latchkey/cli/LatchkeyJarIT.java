package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Secret;
import dev.latchkey.adapter.contract.LoopbackHttp;
import dev.latchkey.hash.KeyHashes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built {@code cli/target/latchkey.jar}, run as users run it: {@code java -jar latchkey.jar …}. */
class LatchkeyJarIT {
  private static final Path JAR = Path.of(System.getProperty("latchkey.jar", "target/latchkey.jar"));
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** Exit status, standard output and standard error of one finished run. */
  private record Run(int status, String out, String err) {}

  private static Process start(String... args) throws Exception {
    assertThat(JAR).as("built by the package phase").isRegularFile();
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static Run run(String stdin, String... args) throws Exception {
    Process process = start(args);
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void hashTokenJsonPrintsAPairThatCoreVerifies() throws Exception {
    Run run = run("", "hash-token", "--json");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher json =
        Pattern.compile("\\{\n  \"api_key_hash\": \"([0-9a-f]{40})\",\n  \"bearer_token\": \"([0-9a-f.]{65})\"\n}\n").matcher(run.out());
    assertThat(json.matches()).as(run.out()).isTrue();
    assertThat(KeyHashes.mooseStoredValue(json.group(1)).verify(Secret.of(json.group(2)))).isTrue();
  }

  @Test
  void hashReadsTheSecretFromStandardInputAndFindsThePluggedInFormats() throws Exception {
    Run sha256 = run("s3cret\n", "hash", "--format", "sha256");
    Run argon2id = run("s3cret\n", "hash", "--format", "argon2id");

    assertThat(sha256).isEqualTo(new Run(0, KeyHashes.sha256(Secret.of("s3cret")).encoded() + "\n", ""));
    assertThat(argon2id.status()).isZero();
    assertThat(KeyHashes.parse(argon2id.out().strip()).verify(Secret.of("s3cret"))).isTrue();
  }

  @Test
  void badUsageExitsWithStatus2AndNoStackTrace() throws Exception {
    Run run = run("", "jwt", "keygen", "--alg", "none");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("latchkey jwt keygen: Invalid value for option '--alg'").doesNotContain("\tat ");
  }

  @Test
  void jwtKeygenThenMintMakesATokenFromFiles(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key.pem");
    Path jwks = dir.resolve("jwks.json");

    Run keygen = run("", "jwt", "keygen", "--kid", "k1", "--out-private", key.toString(), "--out-jwks", jwks.toString());
    Run mint = run("", "jwt", "mint", "--key", key.toString(), "--kid", "k1", "--aud", "project");

    assertThat(keygen.status()).isZero();
    assertThat(Files.readString(jwks)).contains("\"kid\":\"k1\"");
    assertThat(mint.status()).isZero();
    assertThat(mint.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
  }

  @Test
  void keysCreateThenListShowsTheKeyButNeverItsSecret(@TempDir Path dir) throws Exception {
    String store = dir.resolve("keys.json").toString();

    Run created = run("", "keys", "create", "--store", store, "--name", "ci-bot", "--role", "deploy", "--lifespan", "30d");
    Run listed = run("", "keys", "list", "--store", store);

    assertThat(created.status()).as(created.err()).isZero();
    String secret = created.out().lines().reduce((first, last) -> last).orElseThrow().strip();
    assertThat(secret).matches("lk_[0-9A-Za-z]{49}");
    assertThat(listed.status()).isZero();
    assertThat(listed.out()).startsWith("ID ").contains(" ci-bot ", " deploy ").doesNotContain(secret);
  }

  @Test
  void checkOfABrokenConfigurationExitsWithStatus2NamingLineAndColumn(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("latchkey.yaml"), "sources:\n  - type: nonsense\n");

    Run run = run("", "check", "--config", config.toString(), "--header", "X-API-Key: k");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(config + ":2:11: sources[0].type: is not a known source type").doesNotContain("\tat ");
  }

  @Test
  void demoServesWhatItPrints(@TempDir Path data) throws Exception {
    Process demo = start("demo", "--port", "0", "--data", data.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      List<String> commands = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
        if (line.strip().startsWith("curl ")) {
          commands.add(line.strip());
        }
      }
      assertThat(line).as("the demo printed its welcome").isNotNull();
      assertThat(commands).hasSize(6);

      for (String command : commands) {
        assertThat(LoopbackHttp.replay(command).status()).as(command).isEqualTo(command.contains("# 401") ? 401 : 200);
      }
      assertThat(LoopbackHttp.replay(commands.get(0)).body()).startsWith("{\"name\":\"demo-admin\"");
    } finally {
      demo.destroy();
      demo.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Every command line of the README's {@code ```sh} blocks that calls {@code latchkey} and needs no
   * network (no {@code curl}) runs as shown, in order, in a fresh directory holding the
   * {@code latchkey.yaml} and {@code $KEY} the README assumes, and exits 0.
   */
  @Test
  void theReadmesCommandExamplesRunAsShown(@TempDir Path dir) throws Exception {
    List<String> commands = new ArrayList<>();
    boolean inShell = false;
    for (String line : Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8)) {
      if (line.strip().startsWith("```")) {
        inShell = !inShell && line.strip().equals("```sh");
        continue;
      }
      String command = line.strip();
      if (inShell && command.matches("(latchkey |printf .*\\| *latchkey ).*") && !command.contains("curl ")) {
        commands.add(command);
      }
    }
    assertThat(commands).as("README command examples").hasSizeGreaterThanOrEqualTo(5);
    String key = "ci-2b4d6f8a0c2e4a6c8e0b2d4f";
    Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: in-memory
            keys:
              - {key: "${KEY}", name: ci-bot}
        """);

    for (String command : commands) {
      ProcessBuilder shell = new ProcessBuilder("bash", "-c",
          "latchkey() { '" + JAVA + "' -jar '" + JAR.toAbsolutePath() + "' \"$@\"; }\n" + command)
          .directory(dir.toFile())
          .redirectErrorStream(true);
      shell.environment().put("KEY", key);
      Process process = shell.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
      assertThat(process.exitValue()).as(command + "\n" + output).isZero();
    }
  }
}
