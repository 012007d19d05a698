package dev.latchkey.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.adapter.contract.LoopbackHttp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's adapter snippet, run for real over loopback HTTP. {@code dev.latchkey.ReadmeQuickstartTest}
 * in core checks that the README's Java blocks are exactly the regions between the markers here and there.
 */
class ReadmeAdapterTest {
  @Test
  void httpServerSnippetGreetsTheCallerTheFilterLetThrough() throws Exception {
    Authenticator auth = Latchkey.builder()
        .source(InMemoryCredentialSource.create().add("s3cr3t-ci-key-0123456789", "ci-bot", "deploy")).build();
    int port = 0;
    // README-BEGIN
    HttpServer server = LatchkeyHttpServer.create(new InetSocketAddress(port), 0);   // TCP_NODELAY on
    HttpContext context = server.createContext("/api", exchange -> {
      Principal caller = LatchkeyFilter.principal(exchange).orElseThrow();   // the filter denied everyone else
      byte[] body = ("hello " + caller.name()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    context.getFilters().add(new LatchkeyFilter(auth));
    server.start();
    // README-END
    try {
      String api = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";

      LoopbackHttp.Response ok = LoopbackHttp.get(api, "X-API-Key", "s3cr3t-ci-key-0123456789");
      LoopbackHttp.Response anonymous = LoopbackHttp.get(api);

      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("hello ci-bot");
      assertThat(anonymous.status()).isEqualTo(401);
    } finally {
      server.stop(0);
      auth.close();
    }
  }
}
