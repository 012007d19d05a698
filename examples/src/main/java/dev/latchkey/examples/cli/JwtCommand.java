package dev.latchkey.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Spec;

/** {@code latchkey jwt keygen|mint}: signing keys and caller tokens. */
@Command(
    name = "jwt",
    description = "Make JWT signing keys and caller tokens (Authgear-style).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {JwtKeygenCommand.class, JwtMintCommand.class})
final class JwtCommand implements Callable<Integer> {
  @Spec private CommandLine.Model.CommandSpec spec;

  /** No subcommand given: the list of them, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }
}
