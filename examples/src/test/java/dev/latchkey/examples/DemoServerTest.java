package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  @Test
  void helpListsTheDemoCommand() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo [--port N]");
  }

  @Test
  void unknownCommandAndBadPortExitWithUsageError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Main.run(List.of("frobnicate"), System.out, errStream)).isEqualTo(2);
    assertThat(Main.run(List.of("demo", "--port", "http"), System.out, errStream)).isEqualTo(2);
    assertThat(Main.run(List.of("demo", "--port", "70000"), System.out, errStream)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown command 'frobnicate'")
        .contains("--port needs a number, got 'http'")
        .contains("--port must be between 0 and 65535");
  }
}
