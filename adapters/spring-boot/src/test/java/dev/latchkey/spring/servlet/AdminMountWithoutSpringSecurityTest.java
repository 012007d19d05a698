package dev.latchkey.spring.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.admin.AdminHandler;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.spring.WebSpec;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code latchkey.admin.enabled=true} in an application without Spring Security: the Servlet filter
 * guards every request but leaves the key management mount to its handler, which serves the console
 * without a credential and authenticates every API call itself; a key created there passes the filter
 * at once. Real Spring Boot on a random port, over real HTTP.
 */
@Tag("without-spring-security")
@SpringBootTest(classes = AdminMountWithoutSpringSecurityTest.PlainAdminApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"latchkey.admin.enabled=true", "app.admin-key=" + AdminMountWithoutSpringSecurityTest.ADMIN_KEY})
class AdminMountWithoutSpringSecurityTest {
  static final String ADMIN_KEY = "plain-admin-key-0123456789abcdefgh";

  @TempDir
  static Path data;

  @DynamicPropertySource
  static void keyFile(DynamicPropertyRegistry registry) {
    registry.add("app.key-file", () -> data.resolve("keys.json").toString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Endpoints.class)
  static class PlainAdminApplication {
    @Bean
    FileKeyStore keyStore(@Value("${app.key-file}") Path file) {
      return FileKeyStore.builder(file).open();
    }

    @Bean
    Authenticator authenticator(FileKeyStore keys, @Value("${app.admin-key}") String adminKey) {
      InMemoryCredentialSource admins = InMemoryCredentialSource.create().add(adminKey, "root", "latchkey-admin");
      return Latchkey.builder().source(admins).source(keys).build();
    }
  }

  @RestController
  static class Endpoints {
    @GetMapping("/api/whoami")
    String whoami(HttpServletRequest request) {
      return request.getUserPrincipal().getName() + " deploy=" + request.isUserInRole("deploy");
    }
  }

  @LocalServerPort
  int port;

  @Test
  void theConsoleIsServedWithoutACredentialThroughTheFilter() throws Exception {
    HttpResponse<String> console = WebSpec.send(port, "GET", "/latchkey/admin/", null, null);

    assertThat(console.statusCode()).isEqualTo(200);
    assertThat(console.headers().firstValue("Content-Security-Policy")).hasValue(AdminHandler.CONTENT_SECURITY_POLICY);
    assertThat(console.body()).contains("<title>Latchkey keys</title>");
  }

  @Test
  void anApiCallWithoutACredentialIsAnswered401AsAProblemByTheHandler() throws Exception {
    HttpResponse<String> anonymous = WebSpec.send(port, "POST", "/latchkey/admin/api/keys", null, "{\"name\":\"x\",\"roles\":[]}");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new ObjectMapper().readTree(anonymous.body()).get("status").asInt()).isEqualTo(401);
  }

  @Test
  void aKeyAnAdminCreatesPassesTheFilterAtOnce() throws Exception {
    HttpResponse<String> created = WebSpec.send(port, "POST", "/latchkey/admin/api/keys", ADMIN_KEY, "{\"name\":\"ci-bot\",\"roles\":[\"deploy\"]}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode json = new ObjectMapper().readTree(created.body());
    HttpResponse<String> whoami = WebSpec.send(port, "GET", "/api/whoami", json.get("secret").asText(), null);
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).isEqualTo("ci-bot deploy=true");
    assertThat(WebSpec.send(port, "GET", "/api/whoami", null, null).statusCode()).isEqualTo(401);
  }

}
