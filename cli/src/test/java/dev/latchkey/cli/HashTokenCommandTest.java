package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Secret;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HashTokenCommandTest {
  /** {@code moose generate hash-token --json}: serde_json's pretty print of {api_key_hash, bearer_token}. */
  private static final Pattern MOOSE_JSON =
      Pattern.compile("\\{\n  \"api_key_hash\": \"([0-9a-f]{40})\",\n  \"bearer_token\": \"([0-9a-f]{32}\\.[0-9a-f]{32})\"\n}\n");

  private static final Pattern TEXT =
      Pattern.compile(
          "API key hash \\(store on the server; moose-pbkdf2:<hash> in Latchkey\\):\n  ([0-9a-f]{40})\n"
              + "Bearer token \\(give to the client; shown once, not kept anywhere\\):\n  ([0-9a-f]{32}\\.[0-9a-f]{32})\n");

  @Test
  void printsATokenAndTheStoredValueThatVerifiesIt() {
    CliRun run = latchkey("hash-token");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher printed = TEXT.matcher(run.out());
    assertThat(printed.matches()).as(run.out()).isTrue();
    assertThat(verifies(printed.group(1), printed.group(2))).isTrue();
  }

  @Test
  void jsonIsWhatMooseGenerateHashTokenJsonPrints() {
    CliRun run = latchkey("hash-token", "--json");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher printed = MOOSE_JSON.matcher(run.out());
    assertThat(printed.matches()).as(run.out()).isTrue();
    assertThat(verifies(printed.group(1), printed.group(2))).isTrue();
  }

  @Test
  void theStoredValueVerifiesOnlyItsOwnToken() {
    Matcher first = MOOSE_JSON.matcher(latchkey("hash-token", "--json").out());
    Matcher second = MOOSE_JSON.matcher(latchkey("hash-token", "--json").out());
    assertThat(first.matches() && second.matches()).isTrue();

    assertThat(first.group(2)).isNotEqualTo(second.group(2));
    assertThat(verifies(first.group(1), second.group(2))).isFalse();
  }

  @Test
  void takesNoArguments() {
    CliRun run = latchkey("hash-token", "extra");

    assertThat(run)
        .isEqualTo(
            new CliRun(2, "", "latchkey hash-token: unexpected argument (not shown)\nTry 'latchkey hash-token --help' for more information.\n"));
  }

  /** Whether core's moose-pbkdf2 hash of the stored value accepts the token. */
  private static boolean verifies(String storedHex, String token) {
    KeyHash stored = KeyHashes.parse("moose-pbkdf2:" + storedHex);
    return stored.verify(Secret.of(token)) && KeyHashes.mooseStoredValue(storedHex).verify(Secret.of(token));
  }
}
