package dev.latchkey.keystore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariableExpansionTest {
  private static final Map<String, String> ENV = Map.of("HOST", "db", "EMPTY", "");

  @Test
  void replacesEveryReferenceAndNamesTheVariables() {
    assertThat(VariableExpansion.expand("${HOST}:${PORT:-5432}/x", ENV))
        .isEqualTo(new VariableExpansion.Expanded("db:5432/x", List.of("HOST", "PORT"), Optional.empty()));
  }

  @Test
  void usesTheDefaultForAnEmptyVariable() {
    assertThat(VariableExpansion.expand("${EMPTY:-fallback}", ENV).value()).isEqualTo("fallback");
  }

  @Test
  void anEmptyVariableWithoutDefaultIsEmptyText() {
    assertThat(VariableExpansion.expand("${EMPTY}", ENV))
        .isEqualTo(new VariableExpansion.Expanded("", List.of("EMPTY"), Optional.empty()));
  }

  @Test
  void doubledDollarEscapesAReference() {
    assertThat(VariableExpansion.expand("$${HOST} and $$HOST and $5", ENV).value()).isEqualTo("${HOST} and $$HOST and $5");
  }

  @Test
  void anUnsetVariableWithoutDefaultIsAProblemNamingIt() {
    assertThat(VariableExpansion.expand("${MISSING}", ENV).problem())
        .contains("${MISSING} is not set and has no default (write ${MISSING:-…} for one)");
  }

  @Test
  void anUnclosedReferenceIsAProblem() {
    assertThat(VariableExpansion.expand("abc${HOST", ENV).problem()).contains("has a ${ reference that is not closed with }");
  }

  @Test
  void aReferenceToAnInvalidNameIsAProblem() {
    assertThat(VariableExpansion.expand("${1ABC}", ENV).problem()).contains("has a reference that is not ${NAME} or ${NAME:-default}");
  }
}
