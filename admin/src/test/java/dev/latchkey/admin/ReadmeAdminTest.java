package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.admin.httpserver.AdminHttpHandler;
import dev.latchkey.admin.servlet.AdminServlet;
import dev.latchkey.keystore.file.FileKeyStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's admin snippets, run for real: the API mounted in the JDK server and in a Servlet container. */
class ReadmeAdminTest {
  private static final String ADMIN_KEY = "readme-admin-key";

  @TempDir Path data;
  private final InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(ADMIN_KEY, "root", "latchkey-admin");
  private final int port = 0;

  @Test
  void theJdkServerSnippetServesTheApi() throws Exception {
    // README-BEGIN
    FileKeyStore store = FileKeyStore.builder(data.resolve("keys.json")).open();   // or a PostgresKeyStore
    Authenticator auth = Latchkey.builder().source(keys).source(store).build();    // your chain; keys holds your admins
    AdminHandler admin = AdminHandler.builder(store)
        .authenticator(auth)        // who calls the API: a principal with role latchkey-admin manages every key
        .build();                   // anyone else the keys they own; .adminRole(..), .mountPath(..), .listener(..)

    // JDK HttpServer: one context, without LatchkeyFilter (the console's page needs no credential).
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(admin.mountPath(), new AdminHttpHandler(admin));
    server.start();
    // README-END
    try {
      AdminClient client = new AdminClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), admin.mountPath(),
          Optional.of(ADMIN_KEY));
      assertThat(client.post("api/keys", "{\"name\":\"ci-bot\"}").status()).isEqualTo(201);
      assertThat(client.get("api/keys").json().get("total").asInt()).isEqualTo(1);
    } finally {
      server.stop(0);
      auth.close();
    }
  }

  // README-BEGIN
  // Jakarta Servlet 6 (Jetty, Tomcat): the servlet at the mount path, outside LatchkeyServletFilter.
  class AdminMount implements jakarta.servlet.ServletContainerInitializer {
    AdminHandler admin;

    @Override
    public void onStartup(java.util.Set<Class<?>> classes, jakarta.servlet.ServletContext context) {
      context.addServlet("latchkey-admin", new AdminServlet(admin)).addMapping(admin.mountPath() + "/*");
    }
  }
  // README-END

  @Test
  void theServletSnippetServesTheApi() throws Exception {
    FileKeyStore store = FileKeyStore.builder(data.resolve("keys.json")).open();
    Authenticator auth = Latchkey.builder().source(keys).source(store).build();
    AdminMount mount = new AdminMount();
    mount.admin = AdminHandler.builder(store).authenticator(auth).build();
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServletContainerInitializer(mount);
    jetty.setHandler(context);
    jetty.start();
    try {
      AdminClient client = new AdminClient(URI.create("http://127.0.0.1:" + connector.getLocalPort()), mount.admin.mountPath(),
          Optional.of(ADMIN_KEY));
      assertThat(client.post("api/keys", "{\"name\":\"ci-bot\"}").status()).isEqualTo(201);
      assertThat(client.anonymous().get("api/keys").status()).isEqualTo(401);
    } finally {
      jetty.stop();
      auth.close();
    }
  }
}
