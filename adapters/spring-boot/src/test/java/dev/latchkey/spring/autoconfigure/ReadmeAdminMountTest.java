package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.admin.AdminHandler;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.spring.WebSpec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The README's Spring Boot mount of the key management API and console, run for real: an application
 * with Spring Security and the starter's default chain, {@code latchkey.admin.enabled=true}, its
 * {@code FileKeyStore} bean in a temporary folder and its own authenticator over an admin key and that
 * store (the region between the README markers is the README's {@code java spring} block), on a random
 * port, over real HTTP.
 */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"latchkey.admin.enabled=true", "app.admin-key=" + ReadmeAdminMountTest.ADMIN_KEY})
class ReadmeAdminMountTest {
  static final String ADMIN_KEY = "admin-key-0123456789abcdefghijklm";

  @TempDir
  static Path data;

  @DynamicPropertySource
  static void keyFile(DynamicPropertyRegistry registry) {
    registry.add("app.key-file", () -> data.resolve("keys.json").toString());
  }

  @LocalServerPort
  int port;

  @Test
  void anAdminCreatesAKeyThatAuthenticatesAtOnceAndTheConsoleIsServed() throws Exception {
    String body = "{\"name\":\"ci-bot\",\"roles\":[\"deploy\"]}";

    HttpResponse<String> created = WebSpec.send(port, "POST", "/latchkey/admin/api/keys", ADMIN_KEY, body);
    HttpResponse<String> anonymous = WebSpec.send(port, "POST", "/latchkey/admin/api/keys", null, body);
    HttpResponse<String> console = WebSpec.send(port, "GET", "/latchkey/admin/", null, null);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode json = new ObjectMapper().readTree(created.body());
    String secret = json.get("secret").asText();
    assertThat(json.get("key").get("name").asText()).isEqualTo("ci-bot");
    HttpResponse<String> whoami = WebSpec.send(port, "GET", "/whoami", secret, null);
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).isEqualTo("ci-bot [deploy]");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(console.statusCode()).isEqualTo(200);
    assertThat(console.headers().firstValue("Content-Security-Policy")).hasValue(AdminHandler.CONTENT_SECURITY_POLICY);
    assertThat(console.body()).contains("<title>Latchkey keys</title>");
    assertThat(WebSpec.send(port, "GET", "/whoami", null, null).statusCode()).isEqualTo(401);
  }

}

/** The README's application: the starter's default chain, its key store and its own authenticator. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WhoAmI.class)
class AdminApplication {
  // README-BEGIN
  @Bean
  FileKeyStore keyStore(@Value("${app.key-file}") Path file) {          // or a PostgresKeyStore
    return FileKeyStore.builder(file).open();
  }

  @Bean
  Authenticator authenticator(FileKeyStore keys, @Value("${app.admin-key}") String adminKey) {
    InMemoryCredentialSource admins = InMemoryCredentialSource.create().add(adminKey, "root", "latchkey-admin");
    return Latchkey.builder().source(admins).source(keys).build();       // the same store: its new keys work at once
  }
  // README-END
}

/** A protected endpoint. */
@RestController
class WhoAmI {
  @GetMapping("/whoami")
  String whoami(@AuthenticationPrincipal Principal caller) {
    return caller.name() + " " + caller.roles();
  }
}
