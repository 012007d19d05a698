package dev.latchkey.cli;

import picocli.CommandLine.Command;

/** {@code latchkey config validate FILE}: chain configuration files. */
@Command(
    name = "config",
    description = "Check chain configuration files (latchkey.yaml).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ConfigValidateCommand.class})
final class ConfigCommand extends CommandGroup {}
