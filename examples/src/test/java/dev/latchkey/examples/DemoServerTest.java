package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthRequest;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.adapter.contract.LoopbackHttp;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's endpoints, behind an in-memory key; the demo's own configuration is specified by {@code DemoCommandTest}. */
class DemoServerTest {
  private static final String KEY = "demo-server-test-key-0123456789abcdef";
  private static final String JSON = "application/json";

  private DemoServer demo;

  @BeforeEach
  void start() throws Exception {
    demo = DemoServer.start(0, Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "admin")).build());
  }

  @AfterEach
  void stop() {
    demo.close();
  }

  private LoopbackHttp.Response send(String method, String path, String body) throws Exception {
    return LoopbackHttp.send(method, demo.baseUrl() + path, body, "X-API-Key", KEY);
  }

  @Test
  void whoamiAnswersWithThePrincipal() throws Exception {
    assertThat(send("GET", "/whoami", null))
        .isEqualTo(new LoopbackHttp.Response(200, Map.of("content-type", JSON, "content-length", "78"),
            "{\"name\":\"alice\",\"roles\":[\"admin\"],\"source\":\"in-memory\",\"credentialId\":\"alice\"}"));
  }

  @Test
  void askEchoesTheQuestionWithWhoAskedIt() throws Exception {
    LoopbackHttp.Response answer = send("POST", "/api/ask", "{\"workspaceId\":\"w-1\",\"question\":\"Why?\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo("{\"workspaceId\":\"w-1\",\"question\":\"Why?\","
            + "\"answer\":\"Latchkey authenticated this question as alice; a real server would answer it here.\","
            + "\"askedBy\":{\"name\":\"alice\",\"roles\":[\"admin\"],\"source\":\"in-memory\",\"credentialId\":\"alice\"}}");
  }

  @Test
  void askWithoutAQuestionIsABadRequest() throws Exception {
    LoopbackHttp.Response answer = send("POST", "/api/ask", "{\"workspaceId\":\"w-1\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).isEqualTo("{\"error\":\"Send a JSON object with a question: {\\\"workspaceId\\\": \\\"…\\\", \\\"question\\\": \\\"…\\\"}\"}");
  }

  @Test
  void askWithABodyThatIsNotJsonIsABadRequest() throws Exception {
    assertThat(send("POST", "/api/ask", "question=why").status()).isEqualTo(400);
  }

  @Test
  void anotherMethodIs405NamingTheRightOne() throws Exception {
    LoopbackHttp.Response answer = send("GET", "/api/ask", null);

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.headers()).containsEntry("allow", "POST");
    assertThat(answer.body()).isEqualTo("{\"error\":\"Use POST /api/ask\"}");
  }

  @Test
  void aPathBelowAnEndpointIsNotFound() throws Exception {
    assertThat(send("GET", "/whoami/else", null).status()).isEqualTo(404);
  }

  @Test
  void closingTheServerClosesTheAuthenticatorOnce() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    Authenticator recording = new Authenticator() {
      @Override
      public AuthResult authenticate(AuthRequest request) {
        throw new AssertionError("no request is sent");
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    };
    DemoServer server = DemoServer.start(0, recording);

    server.close();
    server.close();

    assertThat(closes).hasValue(1);
  }

  @Test
  void aRequestWithoutAKeyIsDeniedBeforeAnyHandler() throws Exception {
    LoopbackHttp.Response answer = LoopbackHttp.send("POST", demo.baseUrl() + "/api/ask", "{}");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo("{\"error\":\"API key is required. Provide it via x-api-key header or Authorization: Bearer token\"}");
  }
}
