package dev.latchkey.examples;

import dev.latchkey.examples.cli.LatchkeyCommand;
import dev.latchkey.examples.cli.Terminal;

/**
 * {@code java -jar latchkey.jar <command>}: the entry point of the examples jar, the {@code latchkey}
 * command-line tool ({@link LatchkeyCommand} lists the commands).
 */
public final class Main {
  private Main() {}

  /** Runs the command named by the first argument and exits with its status. */
  public static void main(String[] args) {
    // The JDK HTTP server writes a response's headers and body separately; without TCP_NODELAY each
    // response waits ~40 ms for a delayed ACK. Read once, when the server classes load: set it first.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    System.exit(LatchkeyCommand.execute(Terminal.system(), args));
  }
}
