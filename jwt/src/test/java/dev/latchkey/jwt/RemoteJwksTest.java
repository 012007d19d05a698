package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.RSA_OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote JWK sets against a real HTTP server on loopback. */
class RemoteJwksTest {
  private final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())));
  private final AtomicReference<String> discovery = new AtomicReference<>("{}");
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      byte[] body = (down.get() ? "down" : jwks.get()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(down.get() ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/.well-known/openid-configuration", exchange -> {
      byte[] body = discovery.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private JwtSource source(JwtKeys keys) {
    return JwtSource.builder().issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build();
  }

  private static Credential token(java.security.KeyPair pair, String kid) {
    Secret token = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(pair.getPrivate()), kid).subject("svc-" + kid).audience("api").build().token();
    return new Credential(token, CredentialCarrier.bearer());
  }

  @Test
  void keysAreFetchedOnceAndServedFromTheCache() {
    JwtSource source = source(JwtKeys.remote(URI.create(base + "/jwks.json")).build());
    for (int i = 0; i < 5; i++) {
      assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    }
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void aRotatedKeyIsPickedUpWhenATokenNamesIt() {
    JwtSource source = source(JwtKeys.remote(URI.create(base + "/jwks.json")).build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    jwks.set(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()), TestTokens.rsaJwk("k2", RSA_OTHER.getPublic())));

    assertThat(source.verify(token(RSA_OTHER, "k2"))).isInstanceOf(Verdict.Accept.class);
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void aFloodOfUnknownKidsCausesAtMostOneFetchPerInterval() {
    JwtSource source = source(JwtKeys.remote(URI.create(base + "/jwks.json")).minRefreshInterval(Duration.ofMinutes(1)).build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    int before = fetches.get();

    for (int i = 0; i < 50; i++) {
      Verdict v = source.verify(token(RSA_OTHER, "forged-" + i));
      assertThat(((Verdict.Reject) v).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    }

    assertThat(fetches.get() - before).isLessThanOrEqualTo(1);
  }

  @Test
  void cachedKeysKeepWorkingThroughAnOutage() {
    JwtSource source = source(JwtKeys.remote(URI.create(base + "/jwks.json")).build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    down.set(true);
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void withNothingCachedAndTheServerDownTheSourceIsUnavailable() {
    down.set(true);
    JwtSource source = source(JwtKeys.remote(URI.create(base + "/jwks.json")).build());
    Verdict v = source.verify(token(RSA, "k1"));
    assertThat(v).isInstanceOf(Verdict.Unavailable.class);
    assertThat(((Verdict.Unavailable) v).detail()).startsWith("the issuer's keys cannot be had: ");
  }

  @Test
  void refreshIntervalMustBeShorterThanTheCacheLifetime() {
    assertThatThrownBy(() -> JwtKeys.remote(URI.create(base + "/jwks.json")).minRefreshInterval(Duration.ofMinutes(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minRefreshInterval must be shorter than cacheTtl");
  }

  @Test
  void plainHttpIsAllowedOnlyForLiteralLoopbackNeverForNamesThatResolveThere() {
    assertThat(JwtKeys.remote(URI.create("http://127.0.0.1:9/jwks.json"))).isNotNull();
    assertThat(JwtKeys.remote(URI.create("http://localhost:9/jwks.json"))).isNotNull();
    assertThat(JwtKeys.remote(URI.create("http://[::1]:9/jwks.json"))).isNotNull();
    assertThatThrownBy(() -> JwtKeys.remote(URI.create("http://127.0.0.1.nip.io/jwks.json"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtKeys.discover(URI.create("http://attacker.example"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysAreFetchedOverHttpsOnlyExceptOnLoopback() {
    assertThatThrownBy(() -> JwtKeys.remote(URI.create("http://203.0.113.5/jwks.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("http://203.0.113.5/jwks.json: keys are fetched over https only (plain http only on loopback)");
  }

  @Test
  void openIdDiscoveryFindsTheJwksUri() {
    discovery.set("{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/jwks.json\"}");
    JwtSource source = source(JwtKeys.discover(URI.create(base)).build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void discoveryDocumentNamingAnotherIssuerIsRefused() {
    discovery.set("{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"" + base + "/jwks.json\"}");
    assertThatThrownBy(() -> JwtKeys.discover(URI.create(base)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("names another issuer; refusing it (OpenID Connect Discovery §4.3)");
  }
}
