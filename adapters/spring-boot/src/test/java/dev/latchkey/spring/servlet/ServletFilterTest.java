package dev.latchkey.spring.servlet;

import static dev.latchkey.spring.WebSpec.BURST_KEY;
import static dev.latchkey.spring.WebSpec.DEPLOY_KEY;
import static dev.latchkey.spring.WebSpec.get;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Without Spring Security on the class path (tests tagged {@code without-spring-security} run in a test
 * JVM of their own that leaves it out), the Servlet filter guards {@code latchkey.url-patterns}.
 */
@Tag("without-spring-security")
@SpringBootTest(classes = ServletFilterTest.PlainApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=web-spec", "latchkey.url-patterns=/api/*"})
class ServletFilterTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Endpoints.class)
  static class PlainApplication {}

  @RestController
  static class Endpoints {
    @GetMapping("/api/whoami")
    String whoami(HttpServletRequest request) {
      return request.getUserPrincipal().getName() + " deploy=" + request.isUserInRole("deploy");
    }

    @GetMapping("/public")
    String open() {
      return "open";
    }
  }

  @LocalServerPort
  int port;

  @Test
  void springSecurityIsAbsentHere() {
    assertThat(getClass().getClassLoader().getResource("org/springframework/security/web/SecurityFilterChain.class")).isNull();
  }

  @Test
  void aValidKeyReachesTheControllerAsTheServletUserPrincipal() throws Exception {
    HttpResponse<String> response = get(port, "/api/whoami", DEPLOY_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("deployer deploy=true");
  }

  @Test
  void noKeyIsAnswered401WithTheChallenge() throws Exception {
    HttpResponse<String> response = get(port, "/api/whoami", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"spec\"");
  }

  @Test
  void aRateLimitedKeyIsAnswered429WithRetryAfter() throws Exception {
    assertThat(get(port, "/api/whoami", BURST_KEY).statusCode()).isEqualTo(200);

    HttpResponse<String> response = get(port, "/api/whoami", BURST_KEY);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void pathsOutsideTheUrlPatternsAreNotAuthenticated() throws Exception {
    assertThat(get(port, "/public", null).body()).isEqualTo("open");
  }
}
