package dev.latchkey.examples;

import java.io.PrintStream;
import java.util.List;

/** {@code java -jar latchkey.jar <command>}: the entry point of the examples jar. */
public final class Main {
  private static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar latchkey.jar <command> [options]",
          "",
          "Commands:",
          "  demo [--port N]   Start the demo server on 127.0.0.1 (port 8080 by default; 0 picks a free port)",
          "  help              Show this help");

  private Main() {}

  /** Runs the command named by the first argument. */
  public static void main(String[] args) throws Exception {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs a command; returns the process exit status. Long-running commands block until killed. */
  static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
      out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (args.get(0).equals("demo")) {
      return demo(args.subList(1, args.size()), out, err);
    }
    err.println("unknown command '" + args.get(0) + "'\n\n" + USAGE);
    return 2;
  }

  private static int demo(List<String> args, PrintStream out, PrintStream err) throws Exception {
    int port = 8080;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help")) {
        out.println("Usage: java -jar latchkey.jar demo [--port N]");
        return 0;
      }
      if (arg.equals("--port") && i + 1 < args.size()) {
        try {
          port = Integer.parseInt(args.get(++i));
        } catch (NumberFormatException e) {
          err.println("--port needs a number, got '" + args.get(i) + "'");
          return 2;
        }
        if (port < 0 || port > 65535) {
          err.println("--port must be between 0 and 65535");
          return 2;
        }
      } else {
        err.println("unknown option '" + arg + "' for demo");
        return 2;
      }
    }
    DemoServer server;
    try {
      server = DemoServer.start(port);
    } catch (java.net.BindException e) {
      err.println("port " + port + " is in use; choose another with --port N (0 picks a free one)");
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.printWelcome(out);
    Thread.currentThread().join();
    return 0;
  }
}
