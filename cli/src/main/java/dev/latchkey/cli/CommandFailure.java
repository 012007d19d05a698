package dev.latchkey.cli;

import dev.latchkey.ConfigurationException;
import picocli.CommandLine.ExitCode;

/**
 * Ends a command with a message for standard error and an exit status: {@link #usage} (2) for bad
 * usage or configuration, {@link #failure} (1) when the work itself failed. The message is printed as
 * it is, so it must never contain a secret.
 */
public final class CommandFailure extends RuntimeException {
  /** The form of this exception's serialized state; it is never serialized on purpose. */
  private static final long serialVersionUID = 1L;

  /** The process exit status this failure ends with. */
  private final int exitCode;

  private CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /**
   * Bad usage or configuration: exit status 2.
   *
   * @param message the line for standard error; never a secret
   * @return the failure to throw
   */
  public static CommandFailure usage(String message) {
    return new CommandFailure(ExitCode.USAGE, message);
  }

  /**
   * A configuration or key file that cannot be used: exit status 2, with {@code what} on the first line
   * and every problem on a line of its own, as {@code file:line:column: key: message} (problems never
   * quote a configured value).
   *
   * @param what what could not be used, such as the file's name
   * @param e the problems found
   * @return the failure to throw
   */
  public static CommandFailure configuration(String what, ConfigurationException e) {
    StringBuilder message = new StringBuilder(what).append(':');
    e.problems().forEach(problem -> message.append("\n  ").append(problem));
    return usage(message.toString());
  }

  /**
   * The work failed: exit status 1.
   *
   * @param message the line for standard error; never a secret
   * @return the failure to throw
   */
  public static CommandFailure failure(String message) {
    return new CommandFailure(ExitCode.SOFTWARE, message);
  }

  /**
   * The process exit status.
   *
   * @return 1 or 2
   */
  public int exitCode() {
    return exitCode;
  }
}
