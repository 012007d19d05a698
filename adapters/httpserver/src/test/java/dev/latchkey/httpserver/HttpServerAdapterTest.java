package dev.latchkey.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.adapter.contract.AdapterContract;
import dev.latchkey.adapter.contract.LoopbackHttp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JDK HttpServer adapter, {@link LatchkeyFilter}, under a real server on loopback, made by
 * {@link LatchkeyHttpServer}: responses on a kept-alive connection do not wait for the client's delayed
 * ACK (about 40 ms each on Linux without {@code TCP_NODELAY}).
 */
class HttpServerAdapterTest extends AdapterContract {
  private static final int TIMED_REQUESTS = 21;

  private HttpServer server;

  @Override
  protected String start(Authenticator auth) throws Exception {
    server = LatchkeyHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
  protected void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Override
  protected String aliceAsSeenByTheApplication() {
    return "alice [reader] attribute=true";
  }

  @Test
  void keptAliveRequestSequenceIsAnsweredWithoutADelayedAckPausePerResponse() throws Exception {
    String url = start(Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build());
    for (int i = 0; i < 5; i++) { // past the connection's opening, when the client still acknowledges at once
      assertThat(LoopbackHttp.get(url, "X-API-Key", KEY).status()).isEqualTo(200);
    }

    List<Duration> times = new ArrayList<>();
    for (int i = 0; i < TIMED_REQUESTS; i++) {
      long start = System.nanoTime();
      LoopbackHttp.Response answer = LoopbackHttp.get(url, i % 2 == 0 ? new String[] {"X-API-Key", KEY} : new String[0]);
      times.add(Duration.ofNanos(System.nanoTime() - start));
      assertThat(answer.status()).isEqualTo(i % 2 == 0 ? 200 : 401); // the handler's response and the filter's
    }

    Collections.sort(times);
    assertThat(times.get(TIMED_REQUESTS / 2)).as("median of %s", times).isLessThan(Duration.ofMillis(15));
  }

  @Test
  void creatingAServerAsksTheJdkForTcpNoDelay() throws Exception {
    start(Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build());

    assertThat(System.getProperty(LatchkeyHttpServer.NODELAY_PROPERTY)).isEqualTo("true");
    assertThat(LatchkeyHttpServer.requestNoDelay()).isTrue();
  }
}
