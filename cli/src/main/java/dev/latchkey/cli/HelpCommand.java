package dev.latchkey.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latchkey help [COMMAND…]}: the help of the tool, or of a command at any depth ({@code help jwt mint}). */
@Command(name = "help", description = "Show the help of latchkey or of a command (help jwt mint).")
final class HelpCommand implements Callable<Integer> {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommand if it has some.")
  private List<String> path = List.of();

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine target = spec.parent().commandLine();
    for (String name : path) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        throw CommandFailure.usage(
            "unknown command (not shown); the commands of '" + target.getCommandSpec().qualifiedName() + "' are "
                + String.join(", ", target.getSubcommands().keySet()));
      }
      target = next;
    }
    target.usage(spec.commandLine().getOut());
    return ExitCode.OK;
  }
}
