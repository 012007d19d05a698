package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.adapter.contract.AdapterContract;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The Jakarta Servlet adapter, {@link LatchkeyServletFilter}, under Jetty 12 (ee10) on loopback. */
class ServletAdapterTest extends AdapterContract {
  private Server server;

  @Override
  protected String start(Authenticator auth) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Application()), "/hello");
    context.addFilter(new FilterHolder(new LatchkeyServletFilter(auth)), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return "http://127.0.0.1:" + connector.getLocalPort() + "/hello";
  }

  @Override
  protected void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected String aliceAsSeenByTheApplication() {
    return "alice [reader] attribute=true user=alice remoteUser=alice reader=true admin=false authType=LATCHKEY";
  }

  @Test
  void principalAttributeIsNamedAfterTheLatchkeyPrincipalType() {
    assertThat(LatchkeyServletFilter.PRINCIPAL_ATTRIBUTE).isEqualTo(dev.latchkey.Principal.class.getName());
  }

  /** The application: tells what it sees of the principal, through Latchkey's API and the Servlet API. */
  private final class Application extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      applicationCalls.incrementAndGet();
      String who =
          LatchkeyServletFilter.principal(request).map(p -> p.name() + " " + p.roles()).orElse("nobody")
              + " attribute=" + (request.getAttribute(LatchkeyServletFilter.PRINCIPAL_ATTRIBUTE) != null)
              + " user=" + (request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName())
              + " remoteUser=" + request.getRemoteUser()
              + " reader=" + request.isUserInRole("reader")
              + " admin=" + request.isUserInRole("admin")
              + " authType=" + request.getAuthType();
      byte[] body = who.getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }
}
