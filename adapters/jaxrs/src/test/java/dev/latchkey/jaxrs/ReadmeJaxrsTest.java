package dev.latchkey.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Principal;
import dev.latchkey.adapter.contract.LoopbackHttp;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.junit.jupiter.api.Test;

/**
 * The README's Jakarta REST snippets, run for real under Jersey on Grizzly over loopback HTTP.
 * {@code dev.latchkey.ReadmeQuickstartTest} in core checks that the README's Java blocks are exactly the
 * regions between the markers here and in the other modules' {@code Readme*Test}s.
 */
class ReadmeJaxrsTest {
  /** The README's client-address filter for Jersey on Grizzly, which the adapter's other tests use too. */
  static final Class<? extends ContainerRequestFilter> GRIZZLY_CLIENT_ADDRESS = GrizzlyClientAddress.class;

  @Test
  void jaxrsSnippetServesTheRoleItAllowsAndForbidsTheOthers() throws Exception {
    Authenticator auth = Latchkey.builder()
        .source(InMemoryCredentialSource.create().add("s3cr3t-ci-key-0123456789", "ci-bot", "deploy")).build();
    // README-BEGIN
    ResourceConfig application = new ResourceConfig()     // Jersey's Application; any Jakarta REST runtime takes the filter
        .register(new LatchkeyRequestFilter(auth))        // every request is authenticated first
        .register(GrizzlyClientAddress.class)             // the client's address, for IP allowlists
        .register(RolesAllowedDynamicFeature.class);      // @RolesAllowed from the principal's roles
    // README-END
    application.register(Deployments.class);
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application);
    try {
      String base = "http://127.0.0.1:" + server.getListener("grizzly").getPort();

      LoopbackHttp.Response deploy = LoopbackHttp.get(base + "/deployments", "X-API-Key", "s3cr3t-ci-key-0123456789");
      LoopbackHttp.Response anonymous = LoopbackHttp.get(base + "/deployments");
      LoopbackHttp.Response audit = LoopbackHttp.get(base + "/deployments/audit", "X-API-Key", "s3cr3t-ci-key-0123456789");

      assertThat(deploy.status()).isEqualTo(200);
      assertThat(deploy.body()).isEqualTo("deployments of ci-bot [deploy]");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(audit.status()).isEqualTo(403);
    } finally {
      server.shutdownNow();
      auth.close();
    }
  }

  /** The README's resource. */
  @Path("deployments")
  public static final class Deployments {
    /** For Jersey. */
    public Deployments() {}

    @GET
    @RolesAllowed("deploy")
    public String list(@Context SecurityContext security) {
      Principal caller = LatchkeyRequestFilter.principal(security).orElseThrow();
      return "deployments of " + security.getUserPrincipal().getName() + " " + caller.roles();
    }

    @GET
    @Path("audit")
    @RolesAllowed("auditor")
    public String audit() {
      return "audit";
    }
  }
}

// README-BEGIN
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)   // before Latchkey's filter: Jersey on Grizzly knows the peer
class GrizzlyClientAddress implements ContainerRequestFilter {
  @Inject
  Provider<org.glassfish.grizzly.http.server.Request> grizzly;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(LatchkeyRequestFilter.CLIENT_ADDRESS_PROPERTY, grizzly.get().getRemoteAddr());
  }
}
// README-END
