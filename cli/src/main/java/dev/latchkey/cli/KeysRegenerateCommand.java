package dev.latchkey.cli;

import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.IssuedKey;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code latchkey keys regenerate KEY_ID --store FILE [--grace DURATION]}: a new secret for a key,
 * printed once; the old one stops at once or after the grace period.
 */
@Command(
    name = "regenerate",
    description = {
      "Give a key a new secret, printed once; id, name, roles and expiry stay.",
      "The old secret stops working at once, or after --grace."
    })
final class KeysRegenerateCommand extends OneKeyCommand {
  @Mixin private EncryptionKeyOption encryption;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long the old secret keeps working (24h, 7d; at most 30d); default: it stops at once.")
  private Duration grace = Duration.ZERO;

  @Option(names = "--json", description = "Print a JSON object: id, name, start, secret, roles, expiresAt, …")
  private boolean json;

  KeysRegenerateCommand(Terminal terminal) {
    super(terminal);
  }

  @Override
  public Integer call() {
    String id = keyId();
    if (grace.isNegative() || grace.compareTo(FileKeyStore.MAX_GRACE_PERIOD) > 0) {
      throw CommandFailure.usage("--grace must be between 0 and 30 days");
    }
    IssuedKey issued = store.apply(terminal, false, encryption.encryptionKey(terminal), keys -> keys.regenerate(id, grace));
    KeyOutput.issued(terminal, issued, json, "Regenerated");
    return ExitCode.OK;
  }
}
