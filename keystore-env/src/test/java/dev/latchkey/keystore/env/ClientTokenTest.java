package dev.latchkey.keystore.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTokenTest {
  private static final String VARIABLE = "MOOSE_ADMIN_TOKEN";

  @TempDir Path dir;

  private ClientToken token(Map<String, String> environment) {
    return ClientToken.fromVariable(VARIABLE).withEnvironment(environment).withEnvLocal(dir.resolve(".env.local"));
  }

  private void writeEnvLocal(String token) throws IOException {
    Files.writeString(dir.resolve(".env.local"), VARIABLE + "=" + token + "\n");
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git %s", List.of(args)).isZero();
  }

  @Test
  void explicitValueWinsOverEverything() throws IOException {
    writeEnvLocal("from-file");
    ClientToken.Resolution r = token(Map.of(VARIABLE, "from-env")).withExplicit(Optional.of("from-flag")).resolve().orElseThrow();
    assertThat(r.token().expose()).isEqualTo("from-flag");
    assertThat(r.origin()).isEqualTo(ClientToken.Origin.EXPLICIT);
  }

  @Test
  void environmentWinsOverEnvLocal() throws IOException {
    writeEnvLocal("from-file");
    ClientToken.Resolution r = token(Map.of(VARIABLE, "from-env")).withExplicit(Optional.of("")).resolve().orElseThrow();
    assertThat(r.token().expose()).isEqualTo("from-env");
    assertThat(r.origin()).isEqualTo(ClientToken.Origin.ENVIRONMENT);
  }

  @Test
  void envLocalIsTheLastResort() throws IOException {
    writeEnvLocal("from-file");
    ClientToken.Resolution r = token(Map.of()).resolve().orElseThrow();
    assertThat(r.token().expose()).isEqualTo("from-file");
    assertThat(r.origin()).isEqualTo(ClientToken.Origin.ENV_LOCAL);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void nothingFoundIsEmpty() {
    assertThat(token(Map.of("OTHER", "x")).resolve()).isEmpty();
  }

  @Test
  void warnsWhenEnvLocalIsInAGitWorkTreeAndNotIgnored() throws Exception {
    git(dir, "init", "-q");
    writeEnvLocal("from-file");

    ClientToken.Resolution r = token(Map.of()).resolve().orElseThrow();

    assertThat(r.warnings()).singleElement().satisfies(w ->
        assertThat(w).contains(".env.local").contains("add it to .gitignore").doesNotContain("from-file"));
  }

  @Test
  void noWarningWhenGitIgnoresEnvLocal() throws Exception {
    git(dir, "init", "-q");
    Files.writeString(dir.resolve(".gitignore"), ".env.local\n");
    writeEnvLocal("from-file");

    assertThat(token(Map.of()).resolve().orElseThrow().warnings()).isEmpty();
  }

  @Test
  void resolutionNeverPrintsTheToken() throws IOException {
    writeEnvLocal("from-file-s3cret");
    assertThat(token(Map.of()).resolve().orElseThrow().toString()).doesNotContain("from-file-s3cret");
  }
}
