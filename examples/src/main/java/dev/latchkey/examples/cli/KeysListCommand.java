package dev.latchkey.examples.cli;

import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.file.StoredKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latchkey keys list --store FILE [--json]}: every key in a store, never a secret. */
@Command(name = "list", description = "List the keys of a store as a table (or --json); never prints a secret.")
final class KeysListCommand implements Callable<Integer> {
  @Mixin private KeyStoreOptions store;

  @Option(names = "--json", description = "Print a JSON array of keys: id, name, kind, roles, owner, start, createdAt, expiresAt, …")
  private boolean json;

  private final Terminal terminal;

  KeysListCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    List<StoredKey> keys = store.apply(terminal, false, ManagedKeyStore::list);
    if (json) {
      terminal.out().println(KeyOutput.json(keys.stream().map(KeyOutput::fields).toList()));
    } else {
      KeyOutput.table(keys).forEach(terminal.out()::println);
    }
    return ExitCode.OK;
  }
}
