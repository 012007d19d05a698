package dev.latchkey.examples.cli;

import dev.latchkey.examples.DemoServer;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code latchkey demo [--port N]}: the demo server, until the process is stopped. */
@Command(
    name = "demo",
    description = {
      "Start the demo server on 127.0.0.1; runs until stopped (Ctrl-C).",
      "GET /whoami is guarded by an API key generated at start and printed once, with curl commands that work."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = 8080;

  private final Terminal terminal;

  DemoCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (port < 0 || port > 65535) {
      throw CommandFailure.usage("--port must be between 0 and 65535");
    }
    DemoServer server;
    try {
      server = DemoServer.start(port);
    } catch (BindException e) {
      throw CommandFailure.failure("port " + port + " is in use; choose another with --port N (0 picks a free one)");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.printWelcome(terminal.out());
    Thread.currentThread().join();
    return ExitCode.OK;
  }
}
