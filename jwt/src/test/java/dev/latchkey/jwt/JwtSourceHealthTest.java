package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.Health;
import dev.latchkey.Health.Status;
import dev.latchkey.Secret;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health of a JWT source per issuer, against a real key server on loopback whose fetches a
 * hand-driven background runs: cold and failing is {@code DOWN}, a good fetch {@code UP}, failing after
 * a good fetch {@code DEGRADED} until the keys expire past the outage tolerance ({@code DOWN}), and
 * {@code UP} again once the server answers.
 */
class JwtSourceHealthTest {
  private static final String QUERY_SECRET = "query-token-7d1c0b9a";
  /** Made before the server starts: the first use of the test keys generates them, slower than a fetch may take. */
  private static final String JWKS = TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()));
  private static final String HMAC_SECRET = "hmac-health-secret-0123456789abcdef-0123456789";

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T00:00:00Z"));
  private final ManualBackground background = ManualBackground.on(clock);
  private final AtomicBoolean down = new AtomicBoolean();
  private HttpServer server;
  private String url;
  private String display;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", exchange -> {
      byte[] body = (down.get() ? "down" : JWKS).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(down.get() ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    display = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    url = display + "?access_token=" + QUERY_SECRET;
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private JwtSource source() {
    JwtKeys remote = JwtKeys.remote(URI.create(url)).build();
    JwtKeys hmac = JwtKeys.hmacSecret(Secret.of(HMAC_SECRET), "HS256");
    JwtSource source = JwtSource.builder()
        .clock(clock)
        .issuer(JwtIssuer.issuer("https://remote.example").keys(remote).audiences("api").build())
        .issuer(JwtIssuer.issuer("https://shared.example").keys(hmac).audiences("api").build())
        .build();
    source.start(background);
    return source;
  }

  private Health remote(JwtSource source) {
    return source.health().components().get("https://remote.example");
  }

  @Test
  void coldAndFailingIsDownAndAGoodFetchMakesItUp() {
    down.set(true);
    JwtSource source = source();
    Instant failedAt = clock.instant();
    background.runAll();
    Health cold = source.health();

    down.set(false);
    clock.advance(Duration.ofSeconds(2));
    background.runAll();

    assertThat(cold.status()).isEqualTo(Status.DOWN);
    assertThat(cold.components().get("https://remote.example")).isEqualTo(Health.of(Status.DOWN, Map.of(
        "url", display,
        "keys", 0,
        "last_fetch_failure", display + " answered HTTP 503",
        "failing_since", failedAt,
        "failures_in_a_row", 1)));
    assertThat(cold.components().get("https://shared.example")).isEqualTo(Health.of(Status.UP, Map.of("keys", 1)));
    assertThat(source.health()).isEqualTo(new Health(Status.UP, Map.of(), Map.of(
        "https://remote.example", Health.of(Status.UP, Map.of("url", display, "keys", 1, "last_fetch", clock.instant())),
        "https://shared.example", Health.of(Status.UP, Map.of("keys", 1)))));
  }

  @Test
  void aKeyServerDownAfterAGoodFetchIsDegradedUntilTheKeysExpireThenDownAndUpWhenItReturns() {
    JwtSource source = source();
    background.runAll();
    Instant fetched = clock.instant();
    assertThat(remote(source).status()).isEqualTo(Status.UP);

    down.set(true);
    clock.advance(Duration.ofMinutes(5));
    Instant failedAt = clock.instant();
    background.runAll();
    Health degraded = source.health();
    clock.advance(Duration.ofMinutes(31));
    Health expired = source.health();
    down.set(false);
    background.runAll();

    assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
    assertThat(degraded.components().get("https://remote.example")).isEqualTo(Health.of(Status.DEGRADED, Map.of(
        "url", display,
        "keys", 1,
        "last_fetch", fetched,
        "last_fetch_failure", display + " answered HTTP 503",
        "failing_since", failedAt,
        "failures_in_a_row", 1)));
    assertThat(expired.status()).isEqualTo(Status.DOWN);
    assertThat(expired.components().get("https://remote.example").details()).containsEntry("last_fetch", fetched);
    assertThat(source.health().status()).isEqualTo(Status.UP);
    assertThat(remote(source).details()).containsEntry("last_fetch", clock.instant()).doesNotContainKey("last_fetch_failure");
  }

  @Test
  void noDetailCarriesKeyMaterialOrTheUrlsQuery() {
    down.set(true);
    JwtSource source = source();
    background.runAll();
    Health failing = source.health();
    down.set(false);
    clock.advance(Duration.ofSeconds(2));
    background.runAll();

    SecretLeakCheck.of(QUERY_SECRET, HMAC_SECRET, TestTokens.pkcs8Pem(RSA.getPrivate()).lines().skip(1).findFirst().orElseThrow())
        .health(failing)
        .health(source.health())
        .assertNoLeak();
  }
}
