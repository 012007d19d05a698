package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.adapter.contract.LoopbackHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The README's Servlet snippet, run for real under Jetty 12 over loopback HTTP.
 * {@code dev.latchkey.ReadmeQuickstartTest} in core checks that the README's Java blocks are exactly the
 * regions between the markers here and in the other modules' {@code Readme*Test}s.
 */
class ReadmeServletTest {
  @Test
  void servletSnippetGuardsTheApiAndLeavesTheRestAlone() throws Exception {
    Authenticator auth = Latchkey.builder()
        .source(InMemoryCredentialSource.create().add("s3cr3t-ci-key-0123456789", "ci-bot", "deploy")).build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Greeter()), "/*");
    context.addServletContainerInitializer((classes, servletContext) -> {
      // README-BEGIN
      servletContext.addFilter("latchkey", new LatchkeyServletFilter(auth))   // at start-up, e.g. in a ServletContainerInitializer
          .addMappingForUrlPatterns(null, false, "/api/*");
      // README-END
    });
    server.setHandler(context);
    server.start();
    try {
      String base = "http://127.0.0.1:" + connector.getLocalPort();

      LoopbackHttp.Response api = LoopbackHttp.get(base + "/api/deployments", "Authorization", "Bearer s3cr3t-ci-key-0123456789");
      LoopbackHttp.Response anonymous = LoopbackHttp.get(base + "/api/deployments");
      LoopbackHttp.Response open = LoopbackHttp.get(base + "/status");

      assertThat(api.status()).isEqualTo(200);
      assertThat(api.body()).isEqualTo("hello ci-bot deploy=true");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(open.body()).isEqualTo("hello nobody deploy=false");
    } finally {
      server.stop();
      auth.close();
    }
  }

  /** Greets the caller the standard Servlet API names. */
  private static final class Greeter extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String name = request.getUserPrincipal() == null ? "nobody" : request.getUserPrincipal().getName();
      response.setContentType("text/plain");
      response.getWriter().write("hello " + name + " deploy=" + request.isUserInRole("deploy"));
    }
  }
}
