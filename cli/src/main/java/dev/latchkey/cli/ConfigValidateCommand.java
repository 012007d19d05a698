package dev.latchkey.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey config validate FILE}: loads a chain configuration as an application would (every
 * source built, {@code ${VAR}} expanded from the environment, every counting backend such as Redis tried)
 * and reports every problem with its file, line and column (exit status 2), or that it is valid and the
 * sources it declares (0).
 */
@Command(
    name = "validate",
    description = {
      "Load a chain configuration (latchkey.yaml) as an application would, with this environment.",
      "Prints every problem with its file, line and column (exit 2), or 'valid' and its sources in order."
    })
final class ConfigValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The configuration file.")
  private Path file;

  private final Terminal terminal;

  ConfigValidateCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    // Loading builds every source, as an application would, and tries every counting backend (Redis);
    // closing stops their background threads and connections.
    ChainFile.validated(file, terminal).close();
    List<ChainFile.DeclaredSource> sources = ChainFile.declaredSources(file, terminal);
    terminal.out().println(file + ": valid; its sources, asked in this order:");
    for (int i = 0; i < sources.size(); i++) {
      ChainFile.DeclaredSource source = sources.get(i);
      terminal.out().println("  " + (i + 1) + ". " + source.type() + (source.id().equals(source.type()) ? "" : " (id " + source.id() + ")"));
    }
    return ExitCode.OK;
  }
}
