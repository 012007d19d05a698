package dev.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
  private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream());

  private static Terminal withEnvironment(Map<String, String> environment) {
    return new Terminal(new ByteArrayInputStream(new byte[0]), NOWHERE, NOWHERE, environment, Clock.systemUTC());
  }

  @Test
  void toStringNamesTheVariablesButNeverTheirValues() {
    Terminal terminal = withEnvironment(Map.of("KEY_ENCRYPTION_KEY", "hunter2-encryption-key", "HOME", "/home/me"));

    assertThat(terminal.toString()).isEqualTo("Terminal[environment=[HOME, KEY_ENCRYPTION_KEY], clock=SystemClock[Z]]");
  }

  @Test
  void aVariableSetToTheEmptyStringCountsAsUnset() {
    Terminal terminal = withEnvironment(Map.of("EMPTY", "", "SET", "value"));

    assertThat(terminal.variable("EMPTY")).isEmpty();
    assertThat(terminal.variable("MISSING")).isEmpty();
    assertThat(terminal.variable("SET")).contains("value");
  }
}
