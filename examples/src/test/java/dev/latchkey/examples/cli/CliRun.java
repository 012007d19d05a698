package dev.latchkey.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A run of the {@code latchkey} tool in this process, through its entry point, with standard input given
 * and standard output and error captured.
 *
 * @param status the exit status
 * @param out what was printed on standard output
 * @param err what was printed on standard error
 */
record CliRun(int status, String out, String err) {

  /** Runs {@code args} with empty standard input. */
  static CliRun latchkey(String... args) {
    return latchkeyWithInput("", args);
  }

  /** Runs {@code args} with {@code stdin} as standard input. */
  static CliRun latchkeyWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    int status = LatchkeyCommand.execute(terminal, args);
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
