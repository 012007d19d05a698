package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.admin.servlet.AdminServlet;
import dev.latchkey.keystore.file.FileKeyStore;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API and console mounted as a Servlet under Jetty 12, in a web application with a context path. */
class AdminServletTest {
  private static final String ADMIN = "servlet-test-admin-credential";

  @TempDir Path dir;
  private Server jetty;
  private Authenticator authenticator;
  private FileKeyStore store;
  private AdminClient admin;

  @BeforeEach
  void startJetty() throws Exception {
    store = FileKeyStore.builder(dir.resolve("keys.json")).open();
    authenticator = Latchkey.builder()
        .source(InMemoryCredentialSource.create().add(ADMIN, "root", AdminHandler.DEFAULT_ADMIN_ROLE))
        .source(store)
        .build();
    AdminHandler handler = AdminHandler.builder(store).authenticator(authenticator).build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(new AdminServlet(handler)), handler.mountPath() + "/*");
    jetty.setHandler(context);
    jetty.start();
    admin = new AdminClient(URI.create("http://127.0.0.1:" + connector.getLocalPort()), "/app" + handler.mountPath(), Optional.of(ADMIN));
  }

  @AfterEach
  void stopJetty() throws Exception {
    jetty.stop();
    authenticator.close();
  }

  @Test
  void theApiAnswersUnderTheContextPathWithAbsoluteLocations() {
    AdminClient.Reply created = admin.post("api/keys", "{\"name\":\"ci-bot\",\"roles\":[\"deploy\"]}");

    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("key").get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/app/latchkey/admin/api/keys/" + id);
    assertThat(admin.get("api/keys").json().get("total").asInt()).isEqualTo(1);
    assertThat(admin.anonymous().get("api/keys").status()).isEqualTo(401);
  }

  @Test
  void theConsoleIsServedWithItsSecurityHeaders() {
    HttpResponse<String> page = admin.raw("GET", "/app/latchkey/admin/");
    HttpResponse<String> bare = admin.raw("GET", "/app/latchkey/admin");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).contains(AdminHandler.CONTENT_SECURITY_POLICY);
    assertThat(page.body()).contains("<title>Latchkey keys</title>");
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).contains("/app/latchkey/admin/");
  }
}
