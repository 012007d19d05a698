package dev.latchkey.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/** {@code latchkey keys delete KEY_ID --store FILE}: the key is removed from the file. */
@Command(name = "delete", description = "Delete a key from the store (revoke keeps a record; delete does not).")
final class KeysDeleteCommand extends OneKeyCommand {
  KeysDeleteCommand(Terminal terminal) {
    super(terminal);
  }

  @Override
  public Integer call() {
    String id = keyId();
    if (!store.apply(terminal, false, keys -> keys.delete(id))) {
      throw CommandFailure.failure("no key has the id '" + id + "'");
    }
    terminal.out().println("Deleted key " + id + ".");
    return ExitCode.OK;
  }
}
