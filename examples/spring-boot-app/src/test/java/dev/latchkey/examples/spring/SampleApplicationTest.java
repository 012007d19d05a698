package dev.latchkey.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample answers as its README section says, over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  private HttpResponse<String> send(String method, String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theReaderKeyReadsButMayNotDeployAndTheProbeNeedsNoKey() throws Exception {
    assertThat(send("GET", "/hello", "sample-reader-key-0123456789abcdef").body()).isEqualTo("hello reader, roles [read]\n");
    assertThat(send("POST", "/deploy", "sample-reader-key-0123456789abcdef").statusCode()).isEqualTo(403);
    assertThat(send("POST", "/deploy", "sample-deploy-key-0123456789abcdef").body()).isEqualTo("deploying as deployer\n");
    assertThat(send("GET", "/hello", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
  }
}
