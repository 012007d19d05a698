package dev.latchkey.keystore.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.Credential;
import dev.latchkey.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Any dotenv text either parses or is refused with {@link EnvConfigurationException}; variables that
 * parse configure an {@link EnvKeySource} (every layout) that loads or is refused the same way, never
 * quoting a value (each is tried once with {@link #CANARY} appended, which no message may show), and
 * then gives every credential a verdict.
 *
 * <p>An input is the file's bytes. The corpus is in {@code DotenvFuzzTestInputs/}; see SECURITY.md
 * for fuzzing for real.
 */
class DotenvFuzzTest {
  private static final Map<String, String> OUTER = Map.of("HOME", "/home/fuzz", "OUTER_KEY", "outer-value-0123456789");
  /** Appended to every value (valid hex and base64, so hashes still parse deep): no message may show it. */
  private static final String CANARY = "c0ffee0ddba11ad5";

  private static EnvKeySource build(Map<String, String> environment) {
    return EnvKeySource.builder()
        .environment(environment)
        .noDotenvFiles()
        .layout(EnvLayout.omnidev())
        .layout(EnvLayout.mooseStack())
        .layout(EnvLayout.generic())
        .build();
  }

  @FuzzTest
  void dotenvTextParsesOrIsRefusedAndItsKeysGiveVerdicts(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Map<String, EnvVariable> variables;
    try {
      variables = Dotenv.parse(text, ".env", name -> Optional.ofNullable(OUTER.get(name)));
    } catch (EnvConfigurationException refused) {
      assertThat(refused.problems()).isNotEmpty();
      return;
    }
    Map<String, String> environment = new LinkedHashMap<>();
    variables.forEach((name, variable) -> environment.put(name, variable.value()));

    Map<String, String> marked = new LinkedHashMap<>();
    environment.forEach((name, value) -> marked.put(name, value + CANARY));
    try {
      build(marked);
    } catch (EnvConfigurationException refused) {
      assertThat(refused.problems()).isNotEmpty();
      assertThat(refused.getMessage()).doesNotContain(CANARY);
      assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.toString()).doesNotContain(CANARY));
    }

    EnvKeySource source;
    try {
      source = build(environment);
    } catch (EnvConfigurationException refused) {
      return;
    }
    for (String value : environment.values()) {
      if (!value.isEmpty() && Credential.problemWith(value).isEmpty()) {
        assertThat(source.verify(Credential.bearer(value))).isNotNull();
      }
    }
    assertThat(source.verify(Credential.bearer("lk_not_in_the_file_0123456789"))).isNotInstanceOf(Verdict.Accept.class);
  }
}
