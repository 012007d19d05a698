package dev.latchkey.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The streams a command reads and writes: the process's own, or captured ones in tests.
 *
 * @param in standard input
 * @param out standard output: the command's result
 * @param err standard error: notes and errors
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err) {
  /** Rejects nulls. */
  public Terminal {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** The process's standard streams. */
  public static Terminal system() {
    return new Terminal(System.in, System.out, System.err);
  }
}
