package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.examples.httpserver.LatchkeyFilter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK HttpServer adapter, exercised through a real server on loopback. */
class LatchkeyFilterTest {
  private static final String KEY = "filter-test-key";

  private final AtomicInteger handlerCalls = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    Authenticator auth =
        Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server
        .createContext(
            "/hello",
            exchange -> {
              handlerCalls.incrementAndGet();
              String who = LatchkeyFilter.principal(exchange).map(p -> p.name() + " " + p.roles()).orElse("nobody");
              byte[] body = who.getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
              exchange.close();
            })
        .getFilters()
        .add(new LatchkeyFilter(auth));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private LoopbackHttp.Response get(String... headers) throws Exception {
    return LoopbackHttp.get("http://127.0.0.1:" + server.getAddress().getPort() + "/hello", headers);
  }

  @Test
  void authenticatedRequestReachesTheHandlerWithItsPrincipal() throws Exception {
    LoopbackHttp.Response response = get("Authorization", "Bearer " + KEY);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("alice [reader]");
  }

  @Test
  void deniedRequestGetsStatusChallengeAndJsonAndNeverReachesTheHandler() throws Exception {
    LoopbackHttp.Response response = get("X-API-Key", "wrong");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate"))
        .contains("Bearer realm=\"latchkey\", error=\"invalid_token\"");
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.body()).isEqualTo("{\"error\":\"Invalid API key\"}");
    assertThat(handlerCalls.get()).isZero();
  }

  @Test
  void requestWithoutCredentialGetsOmnidevsMessage() throws Exception {
    LoopbackHttp.Response response = get();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo("{\"error\":\"API key is required. Provide it via x-api-key header or Authorization: Bearer token\"}");
  }
}
