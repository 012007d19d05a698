package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static dev.latchkey.cli.CliRun.latchkeyWithInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Secret;
import dev.latchkey.hash.KeyHashes;
import org.junit.jupiter.api.Test;

class HashCommandTest {
  private static final String TRY_HELP = "Try 'latchkey hash --help' for more information.\n";
  private static final String SECRET = "correct horse battery staple";

  @Test
  void sha256OfTheInputWithoutItsTrailingNewline() {
    CliRun run = latchkeyWithInput(SECRET + "\n", "hash", "--format", "sha256");

    assertThat(run).isEqualTo(new CliRun(0, KeyHashes.sha256(Secret.of(SECRET)).encoded() + "\n", ""));
  }

  @Test
  void inputWithoutNewlineIsHashedAsItIs() {
    CliRun run = latchkeyWithInput(SECRET, "hash", "--format", "sha256");

    assertThat(run).isEqualTo(new CliRun(0, KeyHashes.sha256(Secret.of(SECRET)).encoded() + "\n", ""));
  }

  @Test
  void onlyOneTrailingNewlineIsRemoved() {
    CliRun run = latchkeyWithInput(SECRET + "\n\n", "hash", "--format", "sha256");

    assertThat(run.out()).isEqualTo(KeyHashes.sha256(Secret.of(SECRET + "\n")).encoded() + "\n");
  }

  @Test
  void aWindowsLineEndingCountsAsOneNewline() {
    CliRun run = latchkeyWithInput(SECRET + "\r\n", "hash", "--format", "sha256");

    assertThat(run.out()).isEqualTo(KeyHashes.sha256(Secret.of(SECRET)).encoded() + "\n");
  }

  @Test
  void pbkdf2HashVerifiesTheSecretAndNeverContainsIt() {
    CliRun run = latchkeyWithInput(SECRET + "\n", "hash", "--format", "pbkdf2-sha256");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("$pbkdf2-sha256$i=600000,l=32$").endsWith("\n").doesNotContain(SECRET);
    assertThat(KeyHashes.parse(run.out().strip()).verify(Secret.of(SECRET))).isTrue();
  }

  @Test
  void argon2idHashFromTheKeystoreFilePluginVerifiesTheSecret() {
    CliRun run = latchkeyWithInput(SECRET, "hash", "--format", "argon2id");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("$argon2id$").doesNotContain(SECRET);
    assertThat(KeyHashes.parse(run.out().strip()).verify(Secret.of(SECRET))).isTrue();
  }

  @Test
  void unknownFormatIsAUsageErrorNamingTheFormatsItCanMake() {
    CliRun run = latchkeyWithInput(SECRET, "hash", "--format", "md5");

    assertThat(run)
        .isEqualTo(new CliRun(2, "", "latchkey hash: cannot make 'md5' hashes; the formats are sha256, pbkdf2-sha256, argon2id\n"));
  }

  @Test
  void formatsThatNeedMoreThanASecretAreUsageErrorsToo() {
    for (String format : new String[] {"hmac-sha256", "moose-pbkdf2", "bcrypt"}) {
      assertThat(latchkeyWithInput(SECRET, "hash", "--format", format))
          .isEqualTo(
              new CliRun(2, "", "latchkey hash: cannot make '" + format + "' hashes; the formats are sha256, pbkdf2-sha256, argon2id\n"));
    }
  }

  @Test
  void emptyInputIsAnError() {
    String message =
        "latchkey hash: no secret on standard input; pipe it in, e.g. printf '%s' \"$KEY\" | latchkey hash --format sha256\n";

    assertThat(latchkeyWithInput("", "hash", "--format", "sha256")).isEqualTo(new CliRun(1, "", message));
    assertThat(latchkeyWithInput("\n", "hash", "--format", "sha256")).isEqualTo(new CliRun(1, "", message));
  }

  @Test
  void inputLongerThanAnySecretIsRefused() {
    CliRun run = latchkeyWithInput("x".repeat(9000), "hash", "--format", "sha256");

    assertThat(run).isEqualTo(new CliRun(1, "", "latchkey hash: the input is longer than 8192 bytes; a secret is never this long\n"));
  }

  @Test
  void missingFormatIsAUsageError() {
    assertThat(latchkeyWithInput(SECRET, "hash"))
        .isEqualTo(new CliRun(2, "", "latchkey hash: Missing required option: '--format=FORMAT'\n" + TRY_HELP));
  }

  @Test
  void aSecretGivenAsAnArgumentIsRefusedWithoutEchoingIt() {
    CliRun run = latchkey("hash", "--format", "sha256", SECRET);

    assertThat(run).isEqualTo(new CliRun(2, "", "latchkey hash: unexpected argument (not shown)\n" + TRY_HELP));
  }
}
