package dev.latchkey.keystore.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DotenvTest {
  private static final Function<String, Optional<String>> NOTHING = name -> Optional.empty();

  private static Map<String, String> values(String text) {
    return values(text, NOTHING);
  }

  private static Map<String, String> values(String text, Function<String, Optional<String>> outer) {
    return Dotenv.parse(text, ".env", outer).values().stream()
        .collect(Collectors.toMap(EnvVariable::name, EnvVariable::value, (a, b) -> b, java.util.LinkedHashMap::new));
  }

  private static EnvConfigurationException failure(String text) {
    try {
      Dotenv.parse(text, ".env", NOTHING);
    } catch (EnvConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected the text to be refused");
  }

  @Test
  void readsPlainAssignmentsSkippingCommentsAndBlankLines() {
    assertThat(values("# keys\n\nA=one\n  B = two  \n#C=three\n"))
        .containsExactly(Map.entry("A", "one"), Map.entry("B", "two"));
  }

  @Test
  void acceptsExportInFront() {
    assertThat(values("export A=one\nexport\tB=two")).containsExactly(Map.entry("A", "one"), Map.entry("B", "two"));
  }

  @Test
  void unquotedValuesEndAtACommentThatFollowsWhitespace() {
    assertThat(values("A=abc # note\nB=abc#def\nC=#x")).containsExactly(Map.entry("A", "abc"), Map.entry("B", "abc#def"), Map.entry("C", ""));
  }

  @Test
  void singleQuotesAreLiteral() {
    assertThat(values("A='x ${B} \\n y' # c")).containsExactly(Map.entry("A", "x ${B} \\n y"));
  }

  @Test
  void doubleQuotesUnderstandEscapesAndReferences() {
    assertThat(values("B=bee\nA=\"tab\\there \\\"q\\\" \\\\ \\$ ${B}\""))
        .containsEntry("A", "tab\there \"q\" \\ $ bee");
  }

  @Test
  void doubleQuotedValuesMaySpanLines() {
    Map<String, EnvVariable> parsed = Dotenv.parse("A=\"line one\nline two\"\nB=after", ".env", NOTHING);
    assertThat(parsed.get("A").value()).isEqualTo("line one\nline two");
    assertThat(parsed.get("A").line()).isEqualTo(1);
    assertThat(parsed.get("B").line()).isEqualTo(3);
  }

  @Test
  void referencesSeeEarlierLinesThenTheCallersLookUp() {
    Function<String, Optional<String>> outer = name -> name.equals("HOME") ? Optional.of("/home/u") : Optional.empty();
    assertThat(values("A=${HOME}/x\nB=${A}/y", outer)).containsEntry("B", "/home/u/x/y");
  }

  @Test
  void defaultsApplyWhenUnsetOrEmpty() {
    assertThat(values("E=\nA=${MISSING:-fallback}\nB=${E:-also}\nC=${A:-unused}"))
        .containsEntry("A", "fallback")
        .containsEntry("B", "also")
        .containsEntry("C", "fallback");
  }

  @Test
  void dollarWithoutBracesIsKept() {
    assertThat(values("A=$HOME")).containsEntry("A", "$HOME");
  }

  @Test
  void windowsLineEndsAndAByteOrderMarkAreHandled() {
    assertThat(values("\uFEFFA=one\r\nB=two\r\n")).containsExactly(Map.entry("A", "one"), Map.entry("B", "two"));
  }

  @Test
  void unterminatedDoubleQuoteNamesTheLineItOpenedOn() {
    assertThat(failure("A=ok\nB=\"s3cret-never-closed\nC=x").getMessage())
        .isEqualTo(".env:2: B: unterminated double quote (opened on line 2)")
        .doesNotContain("s3cret");
  }

  @Test
  void unterminatedSingleQuoteIsAnError() {
    assertThat(failure("A='s3cret").getMessage()).isEqualTo(".env:1: A: unterminated single quote");
  }

  @Test
  void badNamesAreRefusedWithoutEchoingTheLine() {
    assertThat(failure("my-key=s3cret").getMessage())
        .isEqualTo(".env:1: a variable name must be letters, digits and '_', not starting with a digit");
    assertThat(failure("9A=x").problems()).hasSize(1);
  }

  @Test
  void aLineWithoutAnEqualsSignIsRefusedWithoutEchoingIt() {
    assertThat(failure("sk_live_s3cret").getMessage()).isEqualTo(".env:1: expected NAME=value");
  }

  @Test
  void duplicateNamesInOneFileAreAnError() {
    assertThat(failure("A=1\nB=2\nA=3").getMessage()).isEqualTo(".env:3: A: defined twice in this file (first on line 1)");
  }

  @Test
  void undefinedReferencesAreAnErrorNotAnEmptyString() {
    assertThat(failure("A=${NOPE}").getMessage()).isEqualTo(".env:1: A: ${NOPE} is not defined");
  }

  @Test
  void unknownEscapesAndTextAfterTheQuoteAreErrors() {
    assertThat(failure("A=\"\\q\"").getMessage()).isEqualTo(".env:1: A: unknown escape \\q (use \\n \\r \\t \\\" \\\\ or \\$)");
    assertThat(failure("A=\"x\" y").getMessage()).isEqualTo(".env:1: A: unexpected text after the closing quote");
  }

  @Test
  void everyProblemInTheFileIsReportedAtOnce() {
    EnvConfigurationException e = failure("A='x\nB=${C}\nbad line\nA=2");
    assertThat(e.problems()).extracting(EnvConfigurationException.Problem::location)
        .containsExactly(".env:1", ".env:2", ".env:3");
  }
}
