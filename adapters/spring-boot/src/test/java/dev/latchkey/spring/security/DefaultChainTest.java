package dev.latchkey.spring.security;

import static dev.latchkey.spring.WebSpec.READER_KEY;
import static dev.latchkey.spring.WebSpec.get;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application with Spring Security but no filter chain of its own gets Latchkey's. */
@SpringBootTest(classes = DefaultChainTest.DefaultChainApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=web-spec")
class DefaultChainTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Endpoint.class)
  static class DefaultChainApplication {}

  @RestController
  static class Endpoint {
    @GetMapping("/hello")
    String hello(java.security.Principal user) {
      return "hello " + user.getName();
    }
  }

  @LocalServerPort
  int port;

  @Test
  void everyPathButTheOpenOnesNeedsAKeyAndNoFormLoginOrSessionIsOffered() throws Exception {
    assertThat(get(port, "/hello", READER_KEY).body()).isEqualTo("hello reader");
    assertThat(get(port, "/hello", null).statusCode()).isEqualTo(401);
    assertThat(get(port, "/login", null).statusCode()).isEqualTo(401);
    assertThat(get(port, "/actuator/health", null).statusCode()).isEqualTo(200);
  }
}
