package dev.latchkey.cli;

import picocli.CommandLine.Command;

/** {@code latchkey jwt keygen|mint}: signing keys and caller tokens. */
@Command(
    name = "jwt",
    description = "Make JWT signing keys and caller tokens (Authgear-style).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {JwtKeygenCommand.class, JwtMintCommand.class})
final class JwtCommand extends CommandGroup {}
