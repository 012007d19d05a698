package dev.latchkey.keystore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.config.ConfigNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeYamlTest {
  private static ConfigNode.Mapping parse(String yaml) {
    return SafeYaml.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml", Map.of("NAME", "value"));
  }

  private static List<Problem> problems(String yaml) {
    return catchThrowableOfType(ConfigurationException.class, () -> parse(yaml)).problems();
  }

  @Test
  void refusesJavaTypeTagsWithoutConstructingAnything() {
    List<Problem> problems = problems("a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");

    assertThat(problems).containsExactly(new Problem("test.yaml", 1, 4, "",
        "is not valid YAML: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager"));
  }

  @Test
  void refusesLocalTagsOnLists() {
    assertThat(problems("a: !keys [x]\n")).extracting(Problem::key, Problem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "has the tag !keys; only plain YAML lists and mappings are read"));
  }

  @Test
  void refusesLocalTagsOnValues() {
    assertThat(problems("a: !secret hunter2\n")).extracting(Problem::key, Problem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "has the tag !secret; only plain YAML values are read"));
  }

  @Test
  void refusesABillionLaughsDocumentInsteadOfExpandingIt() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }

    assertThat(problems(yaml.toString())).singleElement().extracting(Problem::message)
        .asString().startsWith("is refused: Number of aliases for non-scalar nodes exceeds the specified max");
  }

  @Test
  void refusesAliasesThatExpandPastTheValueLimitEvenUnderTheAliasLimit() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [" + "x, ".repeat(999) + "x]\n");
    for (int i = 1; i <= 4; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }

    assertThat(problems(yaml.toString())).singleElement().extracting(Problem::message)
        .isEqualTo("expands to more than 100000 values (too many aliases); refused");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String yaml = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";

    assertThat(problems(yaml)).singleElement().extracting(Problem::message).asString().startsWith("is refused: Nesting Depth exceeded");
  }

  @Test
  void refusesADocumentLargerThanTheLimitBeforeParsing() {
    byte[] large = ("a: '" + "x".repeat(SafeYaml.MAX_DOCUMENT_BYTES) + "'\n").getBytes(StandardCharsets.UTF_8);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> SafeYaml.parse(large, "big.yaml", Map.of()));

    assertThat(e.problems()).extracting(Problem::message)
        .containsExactly("is larger than 1048576 bytes, the most a configuration file may hold");
  }

  @Test
  void refusesANameGivenTwiceNamingBothLines() {
    assertThat(problems("auth:\n  enabled: true\n  enabled: false\n")).containsExactly(
        new Problem("test.yaml", 3, 3, "auth.enabled", "is given twice in this mapping (first on line 2)"));
  }

  @Test
  void refusesMoreThanOneDocument() {
    assertThat(problems("a: 1\n---\nb: 2\n")).singleElement().extracting(Problem::line).isEqualTo(2);
  }

  @Test
  void refusesMergeKeys() {
    assertThat(problems("base: &base {a: 1}\nother:\n  <<: *base\n")).extracting(Problem::line, Problem::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "other"));
  }

  @Test
  void reportsASyntaxErrorsPlaceWithoutQuotingTheLine() {
    List<Problem> problems = problems("keys:\n  - key: sk_live_1234\n     name: [unclosed\n");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).startsWith("is not valid YAML: ");
    });
    assertThat(problems.toString()).doesNotContain("sk_live_1234");
  }

  @Test
  void refusesTextThatIsNotUtf8() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> SafeYaml.parse(new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, "bad.yaml", Map.of()));

    assertThat(e.problems()).extracting(Problem::message).containsExactly("is not valid UTF-8");
  }

  @Test
  void expandsVariablesInValuesButNeverInNames() {
    ConfigNode.Mapping doc = parse("${NAME}: ${NAME}\n");

    assertThat(doc.fields()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("${NAME}");
      assertThat(f.value()).isEqualTo(new ConfigNode.Scalar("value", List.of("NAME"), java.util.Optional.empty(),
          new ConfigNode.Location("test.yaml", 1, 10)));
    });
  }

  @Test
  void aVariablesValueCannotChangeTheStructure() {
    ConfigNode.Mapping doc = SafeYaml.parse("a: ${V}\n".getBytes(StandardCharsets.UTF_8), "t.yaml", Map.of("V", "x\nb: [1, 2]"));

    assertThat(doc.fields()).singleElement().extracting(f -> ((ConfigNode.Scalar) f.value()).value()).isEqualTo("x\nb: [1, 2]");
  }

  @Test
  void anEmptyDocumentIsAnEmptyMapping() {
    assertThat(parse("# nothing here\n").fields()).isEmpty();
  }
}
