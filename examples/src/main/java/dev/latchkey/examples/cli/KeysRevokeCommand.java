package dev.latchkey.examples.cli;

import dev.latchkey.keystore.file.StoredKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/** {@code latchkey keys revoke KEY_ID --store FILE}: the key stops working for good; it stays listed. */
@Command(name = "revoke", description = "Revoke a key for good (it stays in the list, marked revoked).")
final class KeysRevokeCommand extends OneKeyCommand {
  KeysRevokeCommand(Terminal terminal) {
    super(terminal);
  }

  @Override
  public Integer call() {
    String id = keyId();
    StoredKey revoked = store.apply(terminal, false, keys -> keys.revoke(id));
    terminal.out().println("Revoked key " + revoked.id() + " '" + revoked.name() + "' at " + KeyOutput.time(revoked.revokedAt().orElseThrow()) + ".");
    return ExitCode.OK;
  }
}
