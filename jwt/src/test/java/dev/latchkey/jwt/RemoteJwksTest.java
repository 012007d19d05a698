package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.RSA_OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.spi.BackgroundScheduler;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote JWK sets against a real HTTP server on loopback, fetched on a real background. */
class RemoteJwksTest {
  private final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())));
  private final AtomicReference<String> discovery = new AtomicReference<>("{}");
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final MutableClock clock = MutableClock.standard();
  private final BlockingQueue<Reload> outcomes = new LinkedBlockingQueue<>();
  private BackgroundScheduler background;
  private HttpServer server;
  private HttpServer otherServer;
  private String base;

  @BeforeEach
  void start() throws Exception {
    background = BackgroundScheduler.start(clock);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      respond(exchange, down.get() ? 503 : 200, down.get() ? "down" : jwks.get());
    });
    server.createContext("/chunked.json", exchange -> {
      byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, 0);
      for (byte b : body) {
        exchange.getResponseBody().write(b);
        exchange.getResponseBody().flush();
      }
      exchange.close();
    });
    server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, 200, discovery.get()));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    background.close();
    server.stop(0);
    if (otherServer != null) {
      otherServer.stop(0);
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** Answers {@code path} on {@code on} with a redirect to {@code location}. */
  private static void redirect(HttpServer on, String path, String location) {
    on.createContext(path, exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
  }

  private JwtSource started(JwtKeys keys) {
    JwtSource source = JwtSource.builder().clock(clock).issuer(JwtIssuer.withoutIssuer().keys(keys).audiences("api").build()).build();
    source.start(background);
    return source;
  }

  private RemoteJwks.Builder remote(String path) {
    return JwtKeys.remote(URI.create(base + path)).listener(outcomes::add);
  }

  private Credential token(java.security.KeyPair pair, String kid) {
    Secret token = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(pair.getPrivate()), kid).subject("svc-" + kid).audience("api").clock(clock).build().token();
    return new Credential(token, CredentialCarrier.bearer());
  }

  private Credential tokenWithoutKid(java.security.KeyPair pair) {
    long now = clock.instant().getEpochSecond();
    String token = TestTokens.signed(TestTokens.header("RS256", null), TestTokens.claims(null, "svc", now), pair.getPrivate(), "SHA256withRSA");
    return new Credential(Secret.of(token), CredentialCarrier.bearer());
  }

  /** The next fetch outcome of the given kind, skipping others; fails after 10 s. */
  private <T extends Reload> T awaitOutcome(Class<T> kind) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      Reload outcome = outcomes.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (kind.isInstance(outcome)) {
        return kind.cast(outcome);
      }
    }
    throw new AssertionError("no " + kind.getSimpleName() + " outcome arrived");
  }

  private static Reason reason(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    return ((Verdict.Reject) v).reason();
  }

  @Test
  void keysAreFetchedOnceAndServedFromTheCache() {
    JwtSource source = started(remote("/jwks.json").build());
    for (int i = 0; i < 5; i++) {
      assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    }
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void aChunkedAnswerIsRead() {
    JwtSource source = started(remote("/chunked.json").build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aRotatedKeyIsAnUnknownKeyUntilTheBackgroundRefreshThatItTriggeredBringsIt() throws Exception {
    JwtSource source = started(remote("/jwks.json").build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    awaitOutcome(Reload.Reloaded.class);
    jwks.set(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()), TestTokens.rsaJwk("k2", RSA_OTHER.getPublic())));

    assertThat(reason(source.verify(token(RSA_OTHER, "k2")))).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(awaitOutcome(Reload.Reloaded.class).items()).isEqualTo(2);
    assertThat(source.verify(token(RSA_OTHER, "k2"))).isInstanceOf(Verdict.Accept.class);
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void aFloodOfUnknownKidsCausesAtMostOneFetchPerInterval() {
    JwtSource source = started(remote("/jwks.json").minRefreshInterval(Duration.ofMinutes(1)).build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    int before = fetches.get();

    for (int i = 0; i < 50; i++) {
      assertThat(reason(source.verify(token(RSA_OTHER, "forged-" + i)))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    assertThat(fetches.get() - before).isLessThanOrEqualTo(1);
  }

  @Test
  void cachedKeysKeepWorkingThroughAnOutage() throws Exception {
    JwtSource source = started(remote("/jwks.json").build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    down.set(true);
    clock.advance(Duration.ofMinutes(5));

    assertThat(awaitOutcome(Reload.Failed.class).problems().get(0).message()).isEqualTo("answered HTTP 503");
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void withNothingCachedAndTheServerDownTheSourceIsUnavailable() {
    down.set(true);
    JwtSource source = started(remote("/jwks.json").build());
    Verdict v = source.verify(token(RSA, "k1"));
    assertThat(v).isInstanceOf(Verdict.Unavailable.class);
    assertThat(((Verdict.Unavailable) v).detail()).isEqualTo("the issuer's keys cannot be had: " + base + "/jwks.json answered HTTP 503");
  }

  @Test
  void aSourceThatWasNeverStartedFetchesOnItsFirstUse() {
    JwtSource source = JwtSource.builder().clock(clock).issuer(JwtIssuer.withoutIssuer().keys(remote("/jwks.json").build()).audiences("api").build()).build();
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    assertThat(fetches.get()).isEqualTo(1);
  }

  // Finding 4: an empty set, or one without signing keys, is a set like any other.

  @Test
  void anEmptyKeySetMakesTokensUnknownKeysNotAnOutage() {
    jwks.set("{\"keys\":[]}");
    JwtSource source = started(remote("/jwks.json").build());
    for (int i = 0; i < 3; i++) {
      assertThat(reason(source.verify(token(RSA, "k1")))).isEqualTo(Reason.UNKNOWN_KEY);
      assertThat(reason(source.verify(tokenWithoutKid(RSA)))).isEqualTo(Reason.UNKNOWN_KEY);
    }
  }

  @Test
  void aKeySetWithoutSigningKeysMakesTokensUnknownKeysNotAnOutage() {
    String encryptionOnly = TestTokens.rsaJwk("k1", RSA.getPublic()).replace("\"alg\":\"RS256\"", "\"use\":\"enc\",\"alg\":\"RSA-OAEP-256\"");
    jwks.set(TestTokens.set(encryptionOnly));
    JwtSource source = started(remote("/jwks.json").build());
    for (int i = 0; i < 3; i++) {
      assertThat(reason(source.verify(token(RSA, "k1")))).isEqualTo(Reason.UNKNOWN_KEY);
    }
  }

  @Test
  void aKidAbsentFromAFetchedSetIsAnUnknownKeyEveryTime() {
    JwtSource source = started(remote("/jwks.json").build());
    for (int i = 0; i < 3; i++) {
      assertThat(reason(source.verify(token(RSA_OTHER, "k9")))).isEqualTo(Reason.UNKNOWN_KEY);
    }
  }

  // Finding 9: redirects, a jwks_uri on another host, duplicate kids.

  @Test
  void aRedirectIsRefusedByDefault() throws Exception {
    redirect(server, "/moved", "/jwks.json");
    JwtSource source = started(remote("/moved").build());

    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Unavailable.class);
    assertThat(awaitOutcome(Reload.Failed.class).problems().get(0).message())
        .isEqualTo("answered with a redirect (HTTP 302); redirects are refused");
    assertThat(fetches.get()).isZero();
  }

  @Test
  void aSameOriginRedirectIsFollowedWhenAllowed() {
    redirect(server, "/moved", "/jwks.json");
    JwtSource source = started(remote("/moved").redirects(RemoteJwks.Redirects.SAME_ORIGIN).build());

    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedEvenWhenSameOriginOnesAreAllowed() throws Exception {
    otherServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    otherServer.createContext("/jwks.json", exchange -> respond(exchange, 200, jwks.get()));
    otherServer.start();
    redirect(server, "/away", "http://127.0.0.1:" + otherServer.getAddress().getPort() + "/jwks.json");
    JwtSource source = started(remote("/away").redirects(RemoteJwks.Redirects.SAME_ORIGIN).build());

    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Unavailable.class);
    assertThat(awaitOutcome(Reload.Failed.class).problems().get(0).message())
        .isEqualTo("redirected to another origin; only same-origin redirects are followed");
  }

  @Test
  void aDiscoveredJwksUriOnAnotherHostIsRefused() {
    int port = server.getAddress().getPort();
    discovery.set("{\"issuer\":\"" + base + "\",\"jwks_uri\":\"http://localhost:" + port + "/jwks.json\"}");

    assertThatThrownBy(() -> JwtKeys.discover(URI.create(base)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(base + "/.well-known/openid-configuration names a jwks_uri on the host 'localhost', not the issuer's host"
            + " '127.0.0.1'; allow that host with jwksUriHosts (jwks_uri_hosts) if it is right");
  }

  @Test
  void aDiscoveredJwksUriOnAnAllowedHostIsUsed() {
    int port = server.getAddress().getPort();
    discovery.set("{\"issuer\":\"" + base + "\",\"jwks_uri\":\"http://localhost:" + port + "/jwks.json\"}");
    JwtSource source = started(JwtKeys.discover(URI.create(base)).jwksUriHosts("LOCALHOST").build());

    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aRedirectedDiscoveryDocumentIsRefused() throws Exception {
    otherServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    otherServer.start();
    String issuer = "http://127.0.0.1:" + otherServer.getAddress().getPort();
    redirect(otherServer, "/.well-known/openid-configuration", base + "/.well-known/openid-configuration");
    discovery.set("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + base + "/jwks.json\"}");

    assertThatThrownBy(() -> JwtKeys.discover(URI.create(issuer)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(issuer + "/.well-known/openid-configuration answered with a redirect (HTTP 302); redirects are refused");
  }

  @Test
  void aSetWhoseSigningKeysShareAKidFailsTheFetch() throws Exception {
    jwks.set(TestTokens.set(TestTokens.rsaJwk("k1", RSA_OTHER.getPublic()), TestTokens.rsaJwk("k1", RSA.getPublic())));
    JwtSource source = started(remote("/jwks.json").build());

    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Unavailable.class);
    assertThat(awaitOutcome(Reload.Failed.class).problems().get(0).message())
        .isEqualTo("two signing keys in the set share the kid 'k1'");
  }

  @Test
  void aSetWhoseSigningKeysShareAKidKeepsTheLastGoodKeys() throws Exception {
    JwtSource source = started(remote("/jwks.json").build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    jwks.set(TestTokens.set(TestTokens.rsaJwk("k1", RSA_OTHER.getPublic()), TestTokens.rsaJwk("k1", RSA.getPublic())));
    clock.advance(Duration.ofMinutes(5));

    awaitOutcome(Reload.Failed.class);
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
    assertThat(reason(source.verify(token(RSA_OTHER, "k1")))).isEqualTo(Reason.BAD_SIGNATURE);
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
  void aUrlIsNamedInMessagesWithoutItsCredentialsOrQuery() {
    assertThatThrownBy(() -> JwtKeys.remote(URI.create("http://user:pass@203.0.113.5/jwks.json?token=abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("http://203.0.113.5/jwks.json: keys are fetched over https only (plain http only on loopback)");
  }

  @Test
  void openIdDiscoveryFindsTheJwksUri() {
    discovery.set("{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/jwks.json\"}");
    JwtSource source = started(JwtKeys.discover(URI.create(base)).build());
    assertThat(source.verify(token(RSA, "k1"))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void discoveryDocumentNamingAnotherIssuerIsRefused() {
    discovery.set("{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"" + base + "/jwks.json\"}");
    assertThatThrownBy(() -> JwtKeys.discover(URI.create(base)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("names another issuer; refusing it (OpenID Connect Discovery §4.3)");
  }
}
