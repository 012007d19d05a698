package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Secret;
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

/** The built {@code examples/target/latchkey.jar}, run as users run it: {@code java -jar latchkey.jar …}. */
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
  void demoServesWhatItPrints() throws Exception {
    Process demo = start("demo", "--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      Pattern curl = Pattern.compile("curl -i -H 'Authorization: Bearer (\\S+)' (\\S+)");
      Matcher command = curl.matcher("");
      String line;
      while ((line = out.readLine()) != null && !command.reset(line).find()) {
        // the address and the key come first
      }
      assertThat(line).as("the demo printed a curl command").isNotNull();

      LoopbackHttp.Response whoami = LoopbackHttp.get(command.group(2), "Authorization", "Bearer " + command.group(1));

      assertThat(whoami.status()).isEqualTo(200);
      assertThat(whoami.body()).startsWith("{\"name\":\"demo-admin\"");
    } finally {
      demo.destroy();
      demo.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
