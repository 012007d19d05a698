package dev.latchkey.cli;

import dev.latchkey.Authenticator;
import dev.latchkey.Slf4jAuditListener;
import dev.latchkey.ConfigurationException;
import dev.latchkey.examples.DemoData;
import dev.latchkey.examples.DemoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey demo [--port N] [--data DIR | --config FILE]}: the demo server, until the process is
 * stopped; the authenticator is closed on the way out.
 */
@Command(
    name = "demo",
    description = {
      "Start the demo server on 127.0.0.1 (GET /whoami, POST /api/ask); runs until stopped (Ctrl-C).",
      "By default it runs on a configuration of its own in --data DIR: a key store with an admin key, Omnidev's",
      "environment keys, a YAML keys file and a JWT issuer; new secrets are printed once, with curl commands that work."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = 8080;

  @Option(names = "--data", paramLabel = "DIR", description = "Where the default configuration and its keys live (default: data).")
  private Path data;

  @Option(names = "--config", paramLabel = "FILE", description = "Run on this chain configuration (latchkey.yaml) instead of the default one.")
  private Path config;

  private final Terminal terminal;

  DemoCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    DemoServer server = start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "latchkey-demo-shutdown"));
    Thread.currentThread().join();
    return ExitCode.OK;
  }

  /** Starts the server and prints the welcome: everything but waiting to be stopped. */
  DemoServer start() throws IOException {
    if (port < 0 || port > 65535) {
      throw CommandFailure.usage("--port must be between 0 and 65535");
    }
    if (config != null && data != null) {
      throw CommandFailure.usage("give --data or --config, not both");
    }
    Optional<DemoData> prepared = config == null ? Optional.of(prepare()) : Optional.empty();
    Path configuration = prepared.map(DemoData::config).orElse(config);
    DemoServer server;
    try {
      server = serve(configuration);
    } catch (RuntimeException | IOException e) {
      // Nothing was printed: secrets made by this start would never be shown, so they go.
      if (prepared.isPresent()) {
        prepared.get().discardNewSecrets();
      }
      throw e;
    }
    PrintStream out = terminal.out();
    server.printEndpoints(out, configuration.toString());
    if (prepared.isPresent()) {
      prepared.get().printCredentials(out, server.baseUrl(), terminal.environment());
      String console = server.mountConsole(prepared.get().directory().resolve("keys.json"), "admin");
      out.println();
      out.println("Key management console: " + console);
      out.println("  sign in by pasting the '" + DemoData.ADMIN_KEY_NAME + "' key " + (prepared.get().newAdminSecret().isPresent()
          ? "printed above" : "shown at its first start (or make another: latchkey keys create --store "
          + prepared.get().directory().resolve("keys.json") + " --name NAME --role admin)"));
    } else {
      out.println("Send a key or token your configuration accepts, e.g.");
      out.println("  curl -i -H \"Authorization: Bearer $KEY\" " + server.baseUrl() + "/whoami");
    }
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
    return server;
  }

  private DemoServer serve(Path configuration) throws IOException {
    // One audit line per decision, as Slf4jAuditListener writes it, so the trail is visible as requests come in.
    PrintStream out = terminal.out();
    Authenticator authenticator = ChainFile.authenticator(configuration, terminal, event -> {
      synchronized (out) {
        out.println("audit " + Slf4jAuditListener.format(event));
        out.flush();
      }
    });
    try {
      return DemoServer.start(port, authenticator);
    } catch (BindException e) {
      authenticator.close();
      throw CommandFailure.failure("port " + port + " is in use; choose another with --port N (0 picks a free one)");
    }
  }

  private DemoData prepare() {
    Path directory = data == null ? Path.of("data") : data;
    try {
      return DemoData.prepare(directory, terminal.clock());
    } catch (ConfigurationException e) {
      throw CommandFailure.configuration(directory.resolve("keys.json") + " is not a usable key store", e);
    } catch (IOException e) {
      throw CommandFailure.failure("cannot write the demo's files in " + directory + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
