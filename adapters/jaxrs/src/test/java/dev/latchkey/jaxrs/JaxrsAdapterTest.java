package dev.latchkey.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.adapter.contract.AdapterContract;
import dev.latchkey.adapter.contract.LoopbackHttp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.junit.jupiter.api.Test;

/** The Jakarta REST adapter, {@link LatchkeyRequestFilter}, under Jersey 4 on Grizzly over loopback. */
class JaxrsAdapterTest extends AdapterContract {
  private HttpServer server;

  @Override
  protected String start(Authenticator auth) throws Exception {
    server = jersey(auth, new Hello(applicationCalls), new Reports());
    return "http://127.0.0.1:" + server.getListener("grizzly").getPort() + "/hello";
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Override
  protected String aliceAsSeenByTheApplication() {
    return "alice [reader] property=true user=alice latchkey=alice reader=true admin=false scheme=LATCHKEY secure=false";
  }

  /**
   * A Jersey application on Grizzly at 127.0.0.1, a free port: the Latchkey filter, the client-address
   * filter Grizzly needs, {@code @RolesAllowed} support and the given resources.
   */
  static HttpServer jersey(Authenticator auth, Object... resources) {
    ResourceConfig application = new ResourceConfig()
        .register(new LatchkeyRequestFilter(auth))
        .register(ReadmeJaxrsTest.GRIZZLY_CLIENT_ADDRESS)
        .register(RolesAllowedDynamicFeature.class)
        .registerInstances(resources);
    return GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application);
  }

  @Test
  void resourceForTheCallersRoleIsServed() throws Exception {
    String url = start(Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build());

    LoopbackHttp.Response answer = LoopbackHttp.get(url.replace("/hello", "/reports"), "X-API-Key", KEY);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("reports for alice");
  }

  @Test
  void resourceForAnotherRoleIsForbiddenToAnAuthenticatedCaller() throws Exception {
    String url = start(Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build());

    LoopbackHttp.Response answer = LoopbackHttp.get(url.replace("/hello", "/reports/admin"), "X-API-Key", KEY);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(Reports.adminCalls).hasValue(0);
  }

  @Test
  void unknownPathIsDeniedBeforeItIsMatchedWhenTheCallerIsNotAuthenticated() throws Exception {
    String url = start(Latchkey.builder().source(InMemoryCredentialSource.create().add(KEY, "alice", "reader")).build());

    LoopbackHttp.Response answer = LoopbackHttp.get(url.replace("/hello", "/no-such-path"));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo("{\"error\":\"API key is required. Provide it via x-api-key header or Authorization: Bearer token\"}");
  }

  /** The application: tells what it sees of the principal, through Latchkey's API and Jakarta REST's. */
  @Path("hello")
  public static final class Hello {
    private final AtomicInteger calls;

    Hello(AtomicInteger calls) {
      this.calls = calls;
    }

    @GET
    @Produces("text/plain")
    public String hello(@Context ContainerRequestContext request, @Context SecurityContext security) {
      calls.incrementAndGet();
      return LatchkeyRequestFilter.principal(request).map(p -> p.name() + " " + p.roles()).orElse("nobody")
          + " property=" + (request.getProperty(LatchkeyRequestFilter.PRINCIPAL_PROPERTY) != null)
          + " user=" + security.getUserPrincipal().getName()
          + " latchkey=" + LatchkeyRequestFilter.principal(security).map(p -> p.name()).orElse("none")
          + " reader=" + security.isUserInRole("reader")
          + " admin=" + security.isUserInRole("admin")
          + " scheme=" + security.getAuthenticationScheme()
          + " secure=" + security.isSecure();
    }
  }

  /** Resources guarded by roles, as Jersey's RolesAllowedDynamicFeature enforces them. */
  @Path("reports")
  public static final class Reports {
    static final AtomicInteger adminCalls = new AtomicInteger();

    @GET
    @Produces("text/plain")
    @RolesAllowed("reader")
    public String reports(@Context SecurityContext security) {
      return "reports for " + security.getUserPrincipal().getName();
    }

    @GET
    @Path("admin")
    @Produces("text/plain")
    @RolesAllowed("admin")
    public String admin() {
      adminCalls.incrementAndGet();
      return "admin";
    }
  }
}
