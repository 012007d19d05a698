package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LatchkeyCommandTest {
  private static final String TRY_HELP = "Try 'latchkey --help' for more information.\n";

  @Test
  void helpListsEveryCommandAndTheExitStatuses() {
    CliRun run = latchkey("--help");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("Usage: latchkey [-h] COMMAND")
        .containsPattern("\\n  help +Show the help of latchkey or of a command \\(help jwt mint\\)")
        .containsPattern("\\n  demo +Start the demo server")
        .containsPattern("\\n  hash-token +Generate a MooseStack-compatible admin token")
        .containsPattern("\\n  hash +Hash a secret from standard input into a stored hash")
        .containsPattern("\\n  jwt +Make JWT signing keys and caller tokens")
        .containsPattern("\\n  keys +Manage the keys of a key store file")
        .containsPattern("\\n  check +Authenticate one request with the chain a configuration declares")
        .containsPattern("\\n  config +Check chain configuration files")
        .contains("Exit status: 0 success, 1 failure or denied, 2 bad usage or configuration.");
  }

  @Test
  void helpCommandIsTheSameAsTheHelpOption() {
    assertThat(latchkey("help")).isEqualTo(latchkey("--help"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "demo", "hash-token", "hash", "jwt", "jwt keygen", "jwt mint", "keys", "keys create", "keys list", "keys revoke",
        "keys regenerate", "keys delete", "check", "config", "config validate"
      })
  void everyCommandHasItsOwnHelp(String command) {
    CliRun run = latchkey((command + " --help").split(" "));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: latchkey " + command + " ").contains("-h, --help");
    assertThat(latchkey(("help " + command).split(" ")).out()).isEqualTo(run.out());
  }

  @Test
  void helpForAnUnknownCommandIsAUsageError() {
    assertThat(latchkey("help", "jwt", "sign"))
        .isEqualTo(new CliRun(2, "", "latchkey help: unknown command (not shown); the commands of 'latchkey jwt' are keygen, mint\n"));
  }

  @Test
  void noCommandIsAUsageErrorListingTheCommands() {
    CliRun run = latchkey();

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(latchkey("--help").out());
  }

  @Test
  void unknownCommandIsAUsageErrorThatDoesNotEchoWhatWasTyped() {
    CliRun run = latchkey("hunter2-secret");

    assertThat(run)
        .isEqualTo(
            new CliRun(2, "", "latchkey: unknown command (not shown); the commands are help, demo, hash-token, hash, jwt, keys, check, config\n" + TRY_HELP));
  }

  @Test
  void unknownOptionIsAUsageErrorNamingIt() {
    assertThat(latchkey("--verbose"))
        .isEqualTo(new CliRun(2, "", "latchkey: unknown option '--verbose'\n" + TRY_HELP));
  }

  @Test
  void unknownOptionWithAValueNamesTheOptionOnly() {
    assertThat(latchkey("hash-token", "--token=hunter2"))
        .isEqualTo(
            new CliRun(2, "", "latchkey hash-token: unknown option '--token'\nTry 'latchkey hash-token --help' for more information.\n"));
  }
}
