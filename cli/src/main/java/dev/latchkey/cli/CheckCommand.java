package dev.latchkey.cli;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Principal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey check --config FILE [--header 'Name: value']… [--path PATH[?QUERY]] [--query QUERY]…
 * [--remote-addr IP]}: one request run
 * through the authenticator a configuration declares, printing the decision and the per-source trace.
 * The credential is never printed: the trace shows its fingerprint only.
 */
@Command(
    name = "check",
    description = {
      "Authenticate one request with the chain a configuration declares; print the decision and the trace.",
      "Exit status: 0 authenticated, 1 denied, 2 bad usage or configuration. The credential is never printed.",
      "  latchkey check --config latchkey.yaml --header \"Authorization: Bearer $KEY\" --remote-addr 203.0.113.9"
    })
final class CheckCommand implements Callable<Integer> {
  /** RFC 9110 field name, a colon, optional white space, the value. */
  private static final Pattern HEADER = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*(.*)", Pattern.DOTALL);

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The chain configuration (latchkey.yaml).")
  private Path config;

  @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "A request header; repeat for several.")
  private List<String> headers = List.of();

  @Option(names = "--remote-addr", paramLabel = "IP", description = "The address the request comes from (the socket peer).")
  private String remoteAddress;

  @Option(names = "--method", paramLabel = "METHOD", description = "The HTTP method (default: ${DEFAULT-VALUE}).")
  private String method = "GET";

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description = "The request path, optionally with a query string: '/x?api_key=…' (default: ${DEFAULT-VALUE}).")
  private String path = "/";

  @Option(
      names = "--query",
      paramLabel = "QUERY",
      description = "A URL-encoded query string such as 'api_key=…&page=2', added to any query in --path; repeat for several.")
  private List<String> queries = List.of();

  private final Terminal terminal;

  CheckCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    AuthRequest request = request();
    AuthResult result;
    try (Authenticator authenticator = ChainFile.authenticator(config, terminal)) {
      result = authenticator.authenticate(request);
    }
    PrintStream out = terminal.out();
    int status;
    if (result instanceof AuthResult.Authenticated ok) {
      Principal principal = ok.principal();
      out.println("authenticated as " + principal.name());
      out.println("  roles: " + (principal.roles().isEmpty() ? "-" : String.join(", ", principal.roles())));
      out.println("  source: " + principal.sourceId());
      principal.credentialId().ifPresent(id -> out.println("  credential id: " + id));
      principal.owner().ifPresent(owner -> out.println("  owner: " + owner));
      principal.expiresAt().ifPresent(at -> out.println("  expires: " + KeyOutput.time(at)));
      status = ExitCode.OK;
    } else {
      AuthResult.Denied denied = (AuthResult.Denied) result;
      out.println("denied: " + denied.status() + " " + denied.reason().name().toLowerCase(Locale.ROOT));
      out.println("  message: " + denied.message());
      new TreeMap<>(denied.headers()).forEach((name, value) -> out.println("  header: " + name + ": " + value));
      status = ExitCode.SOFTWARE;
    }
    out.println("trace:");
    result.explain().toString().lines().forEach(line -> out.println("  " + line));
    return status;
  }

  /** The request the options describe; a malformed header or address is a usage error that does not echo it. */
  private AuthRequest request() {
    int question = path.indexOf('?');
    AuthRequest.Builder request = AuthRequest.builder().method(method).path(question < 0 ? path : path.substring(0, question));
    if (question >= 0) {
      request.rawQuery(path.substring(question + 1));
    }
    queries.forEach(request::rawQuery);
    for (String header : headers) {
      Matcher m = HEADER.matcher(header);
      if (!m.matches()) {
        throw CommandFailure.usage("--header must look like 'Name: value' (the value given is not shown)");
      }
      request.header(m.group(1), m.group(2));
    }
    if (remoteAddress != null) {
      try {
        request.remoteAddress(remoteAddress);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage("--remote-addr must be an IPv4 or IPv6 address such as 203.0.113.9 or 2001:db8::1");
      }
    }
    return request.build();
  }
}
