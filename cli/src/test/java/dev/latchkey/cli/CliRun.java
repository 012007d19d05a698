package dev.latchkey.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A run of the {@code latchkey} tool in this process, through its entry point, with standard input,
 * environment and clock given and standard output and error captured.
 *
 * @param status the exit status
 * @param out what was printed on standard output
 * @param err what was printed on standard error
 */
record CliRun(int status, String out, String err) {
  /** The clock of every run unless a test gives its own: times printed are this one. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  /** Runs {@code args} with empty standard input and environment. */
  static CliRun latchkey(String... args) {
    return latchkeyWithInput("", args);
  }

  /** Runs {@code args} with {@code stdin} as standard input and an empty environment. */
  static CliRun latchkeyWithInput(String stdin, String... args) {
    return latchkeyIn(new World(stdin, Map.of(), CLOCK), args);
  }

  /** Runs {@code args} in {@code world}. */
  static CliRun latchkeyIn(World world, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = LatchkeyCommand.execute(world.terminal(out, err), args);
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * What a run sees: standard input, environment variables and clock.
   *
   * @param stdin standard input
   * @param environment the environment variables
   * @param clock the clock
   */
  record World(String stdin, Map<String, String> environment, Clock clock) {
    /** An empty input and environment, at {@link #CLOCK}. */
    static World empty() {
      return new World("", Map.of(), CLOCK);
    }

    /** This world with {@code environment}. */
    World withEnvironment(Map<String, String> variables) {
      return new World(stdin, variables, clock);
    }

    /** This world at {@code time}. */
    World withClock(Clock time) {
      return new World(stdin, environment, time);
    }

    /** A terminal of this world writing to {@code out} and {@code err}. */
    Terminal terminal(ByteArrayOutputStream out, ByteArrayOutputStream err) {
      return new Terminal(
          new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          environment,
          clock);
    }
  }
}
