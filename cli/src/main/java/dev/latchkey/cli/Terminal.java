package dev.latchkey.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command sees of the world: its standard streams, its environment variables and its clock —
 * the process's own, or given ones in tests. Immutable; the streams are as thread-safe as the streams
 * given.
 *
 * @param in standard input
 * @param out standard output: the command's result
 * @param err standard error: notes and errors
 * @param environment the environment variables (for {@code ${VAR}} in configuration files, and for
 *     secrets a command must never take as an argument)
 * @param clock the clock for key creation, expiry and printed times
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
  /**
   * Rejects nulls and copies the environment.
   *
   * @param in standard input
   * @param out standard output
   * @param err standard error
   * @param environment the environment variables
   * @param clock the clock
   */
  public Terminal {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Streams with the process's environment and the system UTC clock.
   *
   * @param in standard input
   * @param out standard output
   * @param err standard error
   */
  public Terminal(InputStream in, PrintStream out, PrintStream err) {
    this(in, out, err, System.getenv(), Clock.systemUTC());
  }

  /**
   * The process's standard streams, environment and the system UTC clock.
   *
   * @return the process's terminal
   */
  public static Terminal system() {
    return new Terminal(System.in, System.out, System.err);
  }

  /** The names of the environment variables only: their values can be secrets. */
  @Override
  public String toString() {
    return "Terminal[environment=" + new java.util.TreeSet<>(environment.keySet()) + ", clock=" + clock + "]";
  }

  /**
   * The value of the environment variable {@code name}, if it is set and not empty.
   *
   * @param name the variable's name
   * @return its value; empty if unset or empty
   */
  public Optional<String> variable(String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
  }
}
