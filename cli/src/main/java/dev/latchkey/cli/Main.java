package dev.latchkey.cli;

/**
 * {@code java -jar latchkey.jar <command>}: the entry point of the tool's jar, the {@code latchkey}
 * command-line tool ({@link LatchkeyCommand} lists the commands).
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command named by the first argument and exits with its status.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    System.exit(LatchkeyCommand.execute(Terminal.system(), args));
  }
}
