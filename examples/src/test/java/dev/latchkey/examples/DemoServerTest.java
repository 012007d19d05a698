package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoServerTest {

  private LoopbackHttp.Response get(String url, String... headers) throws Exception {
    return LoopbackHttp.get(url, headers);
  }

  @Test
  void printedCurlCommandsWorkAgainstTheRunningDemo() throws Exception {
    try (DemoServer demo = DemoServer.start(0)) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      demo.printWelcome(new PrintStream(printed, true, StandardCharsets.UTF_8));
      String welcome = printed.toString(StandardCharsets.UTF_8);

      Matcher bearer = Pattern.compile("curl -i -H 'Authorization: Bearer (\\S+)' (\\S+)").matcher(welcome);
      assertThat(bearer.find()).isTrue();
      LoopbackHttp.Response ok = get(bearer.group(2), "Authorization", "Bearer " + bearer.group(1));
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body())
          .isEqualTo("{\"name\":\"demo-admin\",\"roles\":[\"admin\"],\"source\":\"in-memory\",\"credentialId\":\"demo-admin\"}");

      Matcher header = Pattern.compile("curl -i -H 'X-API-Key: (\\S+)' (\\S+)").matcher(welcome);
      assertThat(header.find()).isTrue();
      assertThat(get(header.group(2), "X-API-Key", header.group(1)).status()).isEqualTo(200);

      assertThat(get(demo.baseUrl() + "/whoami").status()).isEqualTo(401);
      assertThat(get(demo.baseUrl() + "/whoami", "Authorization", "Bearer wrong").status()).isEqualTo(401);
    }
  }

  @Test
  void eachStartGeneratesADifferentHighEntropyKey() throws Exception {
    try (DemoServer a = DemoServer.start(0);
        DemoServer b = DemoServer.start(0)) {
      assertThat(a.key()).isNotEqualTo(b.key()).matches("lk_demo_[A-Za-z0-9_-]{43}");
    }
  }
}
