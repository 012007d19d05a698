package dev.latchkey.examples;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.examples.httpserver.LatchkeyFilter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The JDK HttpServer adapter, {@link LatchkeyFilter}, under a real server on loopback. */
class HttpServerAdapterTest extends AdapterContract {
  private HttpServer server;

  @Override
  String start(Authenticator auth) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server
        .createContext(
            "/hello",
            exchange -> {
              applicationCalls.incrementAndGet();
              String who =
                  LatchkeyFilter.principal(exchange).map(p -> p.name() + " " + p.roles()).orElse("nobody")
                      + " attribute=" + (exchange.getAttribute(LatchkeyFilter.PRINCIPAL_ATTRIBUTE) != null);
              byte[] body = who.getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "text/plain");
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
              exchange.close();
            })
        .getFilters()
        .add(new LatchkeyFilter(auth));
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hello";
  }

  @Override
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Override
  String aliceAsSeenByTheApplication() {
    return "alice [reader] attribute=true";
  }
}
