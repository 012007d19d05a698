package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.config.ChainConfiguration;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a chain configuration's problems read to the person who has to fix them. */
class ConfigProblemsTest {
  @TempDir Path dir;

  private List<Problem> problems(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("latchkey.yaml"), yaml);
    return catchThrowableOfType(
            ConfigurationException.class, () -> ChainConfiguration.load(file, Map.of(), MutableClock.standard()))
        .problems();
  }

  @Test
  void aMisspeltSettingIsAnsweredWithTheClosestKnownOne() throws Exception {
    List<Problem> problems = problems("""
        realmm: api
        sources:
          - type: env
            layout: omnidev
        messages:
          invalid_credentials: Nope
        """);

    assertThat(problems).extracting(Problem::line, Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, "realmm", "is not a known setting here (did you mean realm?)"),
        org.assertj.core.groups.Tuple.tuple(3, "sources[0].layouts", "is required: list omnidev, moosestack or generic"),
        org.assertj.core.groups.Tuple.tuple(4, "sources[0].layout", "is not a known setting here (did you mean layouts?)"),
        org.assertj.core.groups.Tuple.tuple(6, "messages.invalid_credentials",
            "is not a denial reason (did you mean invalid_credential?)"));
  }

  @Test
  void aSettingFarFromEveryKnownOneGetsNoGuess() throws Exception {
    List<Problem> problems = problems("""
        sources:
          - type: in-memory
            keys: []
        colour: blue
        """);

    assertThat(problems).extracting(Problem::key, Problem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("colour", "is not a known setting here"));
  }

  @Test
  void problemsAreListedInLineOrderWhateverOrderTheyWereFoundIn() throws Exception {
    List<Problem> problems = problems("""
        realmm: api
        sources:
          - type: in-memory
            keys:
              - {key: short, name: a}
        policies:
          colour: blue
        carriers: [pigeon]
        """);

    assertThat(problems).extracting(Problem::line).isSorted().hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void anUnsetVariableIsOneProblemNotOnePerRuleItBreaks() throws Exception {
    List<Problem> problems = problems("""
        sources:
          - type: jwt
            issuers:
              - issuer: ${NOT_SET_ANYWHERE}
                audiences: [api]
                hmac_secret: k7Qw2Zp9Lx4Vn8Rt1Yb6Hc3Jd5Mf0Gs2
        """);

    assertThat(problems).extracting(Problem::line, Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(4, "sources[0].issuers[0].issuer",
            "${NOT_SET_ANYWHERE} is not set and has no default (write ${NOT_SET_ANYWHERE:-…} for one)"));
  }

  @Test
  void aCryptoProviderThatIsNotInstalledIsAProblemAtItsSetting() throws Exception {
    List<Problem> problems = problems("""
        sources:
          - type: jwt
            crypto_provider: NoSuchProvider
            issuers:
              - issuer: https://auth.example.com
                audiences: [api]
                hmac_secret: a-secret-of-at-least-thirty-two-bytes-0001
        """);

    assertThat(problems).extracting(Problem::line, Problem::column, Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, 22, "sources[0].crypto_provider",
            "no security provider named 'NoSuchProvider' is installed; use auto, jdk, bouncycastle or the name of an installed provider"));
  }

  @Test
  void aFileNamedByASourceThatIsNotThereIsAProblemAtTheSettingNamingIt() throws Exception {
    List<Problem> problems = problems("""
        sources:
          - type: file-store
            file: missing-keys.json
          - type: yaml-keys
            file: nope.yaml
          - type: omnidev-file
            file: api-keys.json
          - type: jwt
            issuers:
              - issuer: https://auth.example.com
                audiences: [api]
                jwks_file: jwks.json
        """);

    Path folder = dir.toRealPath();
    String hint = " does not exist (relative names are resolved against the configuration file's folder)";
    assertThat(problems).extracting(Problem::line, Problem::column, Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, 11, "sources[0].file", folder.resolve("missing-keys.json") + hint),
        org.assertj.core.groups.Tuple.tuple(5, 11, "sources[1].file", folder.resolve("nope.yaml") + hint),
        org.assertj.core.groups.Tuple.tuple(7, 11, "sources[2].file", folder.resolve("api-keys.json") + hint),
        org.assertj.core.groups.Tuple.tuple(12, 20, "sources[3].issuers[0].jwks_file", folder.resolve("jwks.json") + hint));
  }

  @Test
  void aStoreFileThatIsADirectoryIsAProblemAtItsSetting() throws Exception {
    Files.createDirectory(dir.resolve("keys.json"));

    List<Problem> problems = problems("""
        sources:
          - type: file-store
            file: keys.json
        """);

    assertThat(problems).extracting(Problem::line, Problem::key, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, "sources[0].file", dir.toRealPath().resolve("keys.json") + " is a directory, not a file"));
  }

  @Test
  void aStoreThatMayBeCreatedLoadsWithoutItsFile() throws Exception {
    Path file = Files.writeString(dir.resolve("latchkey.yaml"), """
        sources:
          - type: file-store
            file: new-keys.json
            create_if_missing: true
        """);

    try (var auth = ChainConfiguration.load(file, Map.of(), MutableClock.standard()).build()) {
      assertThat(auth).isNotNull();
    }
  }
}
