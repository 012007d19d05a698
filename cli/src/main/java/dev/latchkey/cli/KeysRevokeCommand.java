package dev.latchkey.cli;

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
    StoredKey revoked = store.apply(terminal, false, keys -> {
      // Revoking is idempotent in the store; saying "Revoked" twice would hide that nothing happened.
      keys.get(id).flatMap(StoredKey::revokedAt).ifPresent(at -> {
        throw CommandFailure.failure("key " + id + " is already revoked (at " + KeyOutput.time(at) + ")");
      });
      return keys.revoke(id);
    });
    terminal.out().println("Revoked key " + revoked.id() + " '" + revoked.name() + "' at " + KeyOutput.time(revoked.revokedAt().orElseThrow()) + ".");
    return ExitCode.OK;
  }
}
