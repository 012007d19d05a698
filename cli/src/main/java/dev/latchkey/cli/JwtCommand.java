package dev.latchkey.cli;

import picocli.CommandLine.Command;

/** {@code latchkey jwt keygen|mint|revoke}: signing keys, caller tokens and revocations. */
@Command(
    name = "jwt",
    description = "Make JWT signing keys and caller tokens (Authgear-style); revoke tokens on every instance.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {JwtKeygenCommand.class, JwtMintCommand.class, JwtRevokeCommand.class})
final class JwtCommand extends CommandGroup {}
