package dev.latchkey.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code latchkey}: the root of the command-line tool, listing one class per command.
 *
 * <p>A new command is one class: annotate it {@code @Command(name = …)}, implement
 * {@code Callable<Integer>}, give it a constructor taking the {@link Terminal} if it reads or writes
 * anything, throw {@link CommandFailure} for errors, and add it to {@code subcommands} below; it gets
 * {@code -h, --help} and a place in {@code latchkey help} by itself. A command with subcommands of its
 * own ({@code keys create|list|…}, {@code config validate}) is a {@link CommandGroup} whose
 * {@code @Command} lists them, like {@link JwtCommand}.
 *
 * <p>Exit status: 0 success, 1 failure or denial, 2 bad usage or configuration. Errors are one line
 * on standard error, never a stack trace, and never echo an argument that is not an option name.
 */
@Command(
    name = "latchkey",
    description = "Latchkey's command-line tool: make and manage keys and tokens, check a configuration, run the demo.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      HelpCommand.class,
      DemoCommand.class,
      HashTokenCommand.class,
      HashCommand.class,
      JwtCommand.class,
      KeysCommand.class,
      CheckCommand.class,
      ConfigCommand.class,
    },
    footer = {"", "Exit status: 0 success, 1 failure or denied, 2 bad usage or configuration.",
        "Run 'latchkey COMMAND --help' for a command's options."})
public final class LatchkeyCommand implements Callable<Integer> {
  @Spec private CommandLine.Model.CommandSpec spec;

  /** Made by picocli, through {@link #execute}. */
  LatchkeyCommand() {}

  /**
   * Runs the command line {@code args} with {@code terminal}'s streams; returns the exit status.
   * Long-running commands ({@code demo}) block until the process is stopped.
   *
   * @param terminal the streams, environment and clock the command sees
   * @param args the command and its options
   * @return the exit status: 0 success, 1 failure or denied, 2 bad usage or configuration
   */
  public static int execute(Terminal terminal, String... args) {
    CommandLine cli = commandLine(terminal);
    int status = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return status;
  }

  /** The command line, wired to {@code terminal}. */
  static CommandLine commandLine(Terminal terminal) {
    CommandLine cli = new CommandLine(LatchkeyCommand.class, new TerminalFactory(terminal));
    addHelpOption(cli);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(writer(terminal.out()));
    cli.setErr(writer(terminal.err()));
    cli.setParameterExceptionHandler(LatchkeyCommand::badUsage);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof CommandFailure failure) {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
            return failure.exitCode();
          }
          // Unexpected: the type only, since a message could quote input.
          command.getErr().println(command.getCommandSpec().qualifiedName() + ": internal error (" + e.getClass().getName() + ")");
          return ExitCode.SOFTWARE;
        });
    return cli;
  }

  /** Gives every command, present and future, {@code -h, --help}. */
  private static void addHelpOption(CommandLine command) {
    command
        .getCommandSpec()
        .addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
    command.getSubcommands().values().forEach(LatchkeyCommand::addHelpOption);
  }

  /** No command given: the list of commands, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  private static int badUsage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + describe(e));
    command.getErr().println("Try '" + name + " --help' for more information.");
    return ExitCode.USAGE;
  }

  /** The parser's message, except that stray arguments (a secret typed in the wrong place) are not echoed. */
  private static String describe(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched) {
      String first = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
      if (first.startsWith("-")) {
        int eq = first.indexOf('=');
        return "unknown option '" + (eq > 0 ? first.substring(0, eq) : first) + "'";
      }
      java.util.Set<String> commands = unmatched.getCommandLine().getSubcommands().keySet();
      return commands.isEmpty()
          ? "unexpected argument (not shown)"
          : "unknown command (not shown); the commands are " + String.join(", ", commands);
    }
    return e.getMessage();
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Creates commands, handing the terminal to those whose constructor takes it. */
  private record TerminalFactory(Terminal terminal) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Terminal.class) {
          return type.cast(constructor.newInstance(terminal));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
