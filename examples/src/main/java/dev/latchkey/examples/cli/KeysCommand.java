package dev.latchkey.examples.cli;

import picocli.CommandLine.Command;

/** {@code latchkey keys create|list|revoke|regenerate|delete --store FILE}: a managed key store. */
@Command(
    name = "keys",
    description = "Manage the keys of a key store, a JSON file (FileKeyStore) or a PostgreSQL database (PostgresKeyStore): create, list, revoke, regenerate, delete.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      KeysCreateCommand.class,
      KeysListCommand.class,
      KeysRevokeCommand.class,
      KeysRegenerateCommand.class,
      KeysDeleteCommand.class,
    })
final class KeysCommand extends CommandGroup {}
