package dev.latchkey.examples.cli;

import dev.latchkey.ConfigurationException;
import picocli.CommandLine.ExitCode;

/**
 * Ends a command with a message for standard error and an exit status: {@link #usage} (2) for bad
 * usage or configuration, {@link #failure} (1) when the work itself failed. The message is printed as
 * it is, so it must never contain a secret.
 */
public final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** Bad usage or configuration: exit status 2. */
  public static CommandFailure usage(String message) {
    return new CommandFailure(ExitCode.USAGE, message);
  }

  /**
   * A configuration or key file that cannot be used: exit status 2, with {@code what} on the first line
   * and every problem on a line of its own, as {@code file:line:column: key: message} (problems never
   * quote a configured value).
   */
  public static CommandFailure configuration(String what, ConfigurationException e) {
    StringBuilder message = new StringBuilder(what).append(':');
    e.problems().forEach(problem -> message.append("\n  ").append(problem));
    return usage(message.toString());
  }

  /** The work failed: exit status 1. */
  public static CommandFailure failure(String message) {
    return new CommandFailure(ExitCode.SOFTWARE, message);
  }

  /** The process exit status. */
  public int exitCode() {
    return exitCode;
  }
}
