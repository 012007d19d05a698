package dev.latchkey.spring.security;

import static dev.latchkey.spring.WebSpec.BURST_KEY;
import static dev.latchkey.spring.WebSpec.DEPLOY_KEY;
import static dev.latchkey.spring.WebSpec.READER_KEY;
import static dev.latchkey.spring.WebSpec.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The README's Spring Boot quickstart, run for real: an application with Spring Security, method security
 * and the actuator, its own filter chain applying {@link LatchkeyConfigurer} and a secured controller (the
 * regions between the README markers are the README's {@code java spring} blocks), on a random port, over
 * real HTTP.
 */
@SpringBootTest(classes = OwnChainApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=web-spec")
class ReadmeSpringBootTest {
  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Test
  void aValidKeyReachesTheControllerWithTheLatchkeyPrincipalAndItsRoles() throws Exception {
    HttpResponse<String> response = get(port, "/whoami", DEPLOY_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("deployer [deploy, read]");
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void noKeyIsAnsweredWithLatchkeys401ChallengeAndBody() throws Exception {
    HttpResponse<String> response = get(port, "/whoami", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"spec\"");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo(
        "{\"error\":\"API key is required. Provide it via x-api-key header or Authorization: Bearer token\"}");
  }

  @Test
  void aWrongKeyIsAnswered401WithTheInvalidTokenChallenge() throws Exception {
    HttpResponse<String> response = get(port, "/whoami", "wrong-key-0123456789abcdefghijklm");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"spec\", error=\"invalid_token\"");
    assertThat(response.body()).isEqualTo("{\"error\":\"Invalid API key\"}");
  }

  @Test
  void aRoleThePreAuthorizeRuleRequiresIsRefusedWith403() throws Exception {
    assertThat(get(port, "/deploy", DEPLOY_KEY).statusCode()).isEqualTo(200);

    HttpResponse<String> response = get(port, "/deploy", READER_KEY);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo(LatchkeyAccessDeniedHandler.BODY);
  }

  @Test
  void aRoleTheFilterChainRequiresIsRefusedWith403() throws Exception {
    HttpResponse<String> response = get(port, "/ops/status", DEPLOY_KEY);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo(LatchkeyAccessDeniedHandler.BODY);
  }

  @Test
  void aRateLimitedKeyIsAnswered429WithRetryAfter() throws Exception {
    assertThat(get(port, "/whoami", BURST_KEY).statusCode()).isEqualTo(200);

    HttpResponse<String> response = get(port, "/whoami", BURST_KEY);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 3600L));
    assertThat(response.body()).startsWith("{\"error\":\"Rate limit exceeded. Please try again later.\",\"retryAfter\":");
  }

  @Test
  void everyDecisionIsObservedAndTheHealthIsAGauge() throws Exception {
    get(port, "/whoami", READER_KEY);

    assertThat(meters.get("latchkey.authentications").tags("outcome", "authenticated", "source", "app-keys").timer().count())
        .isPositive();
    assertThat(meters.get("latchkey.health").tags("component", "ops-keys").gauge().value()).isZero();
  }

  @Test
  void theHealthEndpointIsOpenAndListsEverySource() throws Exception {
    HttpResponse<String> response = get(port, "/actuator/health/latchkey", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).endsWith(",\"status\":\"UP\"}").contains("\"app-keys\":{\"status\":\"UP\"", "\"ops-keys\":{\"status\":\"UP\"");
  }
}

/** The README's application: its own security filter chain, authenticated through {@link LatchkeyConfigurer}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(DeployController.class)
class OwnChainApplication {
  // README-BEGIN
  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/actuator/health/**").permitAll()
            .requestMatchers("/ops/**").hasRole("ops")
            .anyRequest().authenticated())
        .with(LatchkeyConfigurer.latchkey(), latchkey -> {});
    return http.build();
  }
  // README-END
}

// README-BEGIN
@RestController
class DeployController {
  @GetMapping("/whoami")
  String whoami(@AuthenticationPrincipal Principal caller) {       // dev.latchkey.Principal
    return caller.name() + " " + caller.roles();
  }

  @GetMapping("/deploy")
  @PreAuthorize("hasRole('deploy')")
  String deploy() {
    return "deploying";
  }

  @GetMapping("/ops/status")
  String ops() {
    return "ops";
  }
}
// README-END
