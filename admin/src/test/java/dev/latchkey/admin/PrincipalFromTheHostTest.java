package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Principal;
import dev.latchkey.admin.httpserver.AdminHttpHandler;
import dev.latchkey.keystore.file.FileKeyStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler without an authenticator, behind a host's own filter: it takes the principal the filter put
 * in the request attribute {@code dev.latchkey.Principal}, and refuses a request that has none.
 */
class PrincipalFromTheHostTest {
  @TempDir Path dir;
  private HttpServer server;
  private FileKeyStore store;
  private AdminClient client;

  /** Puts the principal named by the header {@code X-Test-User} in the attribute, as an adapter's filter would. */
  private static final class HostFilter extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      String user = exchange.getRequestHeaders().getFirst("X-Test-User");
      if (user != null) {
        Principal.Builder principal = Principal.builder(user, "host");
        if (user.equals("root")) {
          principal.roles(AdminHandler.DEFAULT_ADMIN_ROLE);
        }
        exchange.setAttribute(AdminHttpHandler.PRINCIPAL_ATTRIBUTE, principal.build());
      }
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "the host's own authentication";
    }
  }

  @BeforeEach
  void start() throws IOException {
    store = FileKeyStore.builder(dir.resolve("keys.json")).open();
    AdminHandler handler = AdminHandler.builder(store).build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(handler.mountPath(), new AdminHttpHandler(handler)).getFilters().add(new HostFilter());
    server.start();
    client = new AdminClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), handler.mountPath(), Optional.empty());
  }

  @AfterEach
  void stop() {
    server.stop(0);
    store.close();
  }

  @Test
  void thePrincipalTheHostAuthenticatedIsTheCaller() {
    AdminClient.Reply created = client.send("POST", "api/keys", Optional.of("{\"name\":\"ci-bot\",\"owner\":\"alice\"}"), "application/json",
        "X-Test-User", "root");

    assertThat(created.status()).isEqualTo(201);
    assertThat(client.send("GET", "api/keys", Optional.empty(), "application/json", "X-Test-User", "alice").json().get("total").asInt())
        .isEqualTo(1);
    assertThat(client.send("GET", "api/keys", Optional.empty(), "application/json", "X-Test-User", "bob").json().get("total").asInt())
        .isZero();
  }

  @Test
  void aRequestTheHostDidNotAuthenticateIsForbidden() {
    AdminClient.Reply reply = client.get("api/keys");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().get("detail").asText()).isEqualTo("the host did not authenticate this request");
  }
}
