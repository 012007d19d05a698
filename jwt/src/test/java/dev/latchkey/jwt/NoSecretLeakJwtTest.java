package dev.latchkey.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.AuthEvent;
import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.Secret;
import dev.latchkey.Slf4jAuditListener;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.SecretLeakCheck;
import dev.latchkey.testing.TestRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives every outcome of {@link JwtSource}, and the key and minter set-up, with known tokens, an HMAC
 * secret and a private key, and checks that none of them shows in results, traces, events, exceptions,
 * log lines or the {@code toString} of any value handed out. A token is a bearer secret as a whole; its
 * signature is looked for on its own too.
 */
class NoSecretLeakJwtTest {
  private static final String ISS = "https://issuer.leak.example";
  private static final String HMAC_SECRET = "jwt-leak-hmac-secret-0123456789abcdef-xyz";
  private final MutableClock clock = MutableClock.standard();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clearLogs() {
    CapturingLogProvider.clear();
  }

  private String hs256(Map<String, Object> claims) {
    return TestTokens.hmac(TestTokens.header("HS256", null), claims, HMAC_SECRET.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> claims() {
    return TestTokens.claims(ISS, "alice", clock.instant().getEpochSecond());
  }

  @Test
  void everyVerificationOutcomeLeaksNoTokenAndNoKey() {
    JwtKeys keys = JwtKeys.hmacSecret(Secret.of(HMAC_SECRET), "HS256");
    JwtIssuer issuer = JwtIssuer.issuer(ISS).keys(keys).audiences("api").build();
    JwtSource source = JwtSource.builder().clock(clock).issuer(issuer).verifiedTokenCache(100, Duration.ofMinutes(1)).build();
    Authenticator auth = Latchkey.builder().clock(clock).source(source).listener(events::add).listener(new Slf4jAuditListener()).build();

    String valid = hs256(claims());
    Map<String, Object> expired = claims();
    expired.put("exp", clock.instant().getEpochSecond() - 3600);
    Map<String, Object> wrongAudience = claims();
    wrongAudience.put("aud", "elsewhere");
    String[] parts = valid.split("\\.");
    List<String> tokens = List.of(
        valid,
        hs256(expired),
        hs256(wrongAudience),
        parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A",
        TestTokens.b64("{\"alg\":\"none\"}") + "." + parts[1] + ".",
        parts[0] + ".bm90IGpzb24." + parts[2]);

    List<AuthResult> results = tokens.stream().map(token -> auth.authenticate(TestRequests.bearer(token))).toList();

    assertThat(events).extracting(AuthEvent::outcome).containsOnlyOnce(AuthEvent.Outcome.AUTHENTICATED);
    for (String token : tokens) {
      SecretLeakCheck check = lookingFor(token).values(source, issuer, keys).events(events).logs();
      results.forEach(check::result);
      check.assertNoLeak();
    }
  }

  /** The token, its signature on its own (what a log of "the token minus its claims" would keep) and the key. */
  private static SecretLeakCheck lookingFor(String token) {
    String[] parts = token.split("\\.", -1);
    return parts.length == 3 && parts[2].length() > 8
        ? SecretLeakCheck.of(token, parts[2], HMAC_SECRET)
        : SecretLeakCheck.of(token, HMAC_SECRET);
  }

  @Test
  void minterAndItsTokensLeakNoPrivateKey() {
    String pem = TestTokens.pkcs8Pem(TestTokens.RSA.getPrivate());
    String keyBody = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    JwtMinter minter = JwtMinter.fromPkcs8Pem(pem, "k1").audience("api").clock(clock).build();
    Secret token = minter.token();

    SecretLeakCheck.of(keyBody, token.expose()).values(minter, token).logs().assertNoLeak();
  }

  @Test
  void unusableKeysAreRefusedWithoutTheKeyMaterial() {
    String shortSecret = "short-hmac-leak-probe";
    String pemJunk = "-----BEGIN PRIVATE KEY-----\nTUlJQm9rLWxlYWstcHJvYmUtbm90LWEta2V5\n-----END PRIVATE KEY-----\n";
    String jwkWithSecret = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + TestTokens.b64(HMAC_SECRET) + "\",\"alg\":\"HS256\"}]}";

    SecretLeakCheck.of(shortSecret, HMAC_SECRET, "TUlJQm9rLWxlYWstcHJvYmUtbm90LWEta2V5")
        .exception(catchThrowable(() -> JwtKeys.hmacSecret(Secret.of(shortSecret), "HS256")))
        .exception(catchThrowable(() -> JwtKeys.pem(pemJunk)))
        .exception(catchThrowable(() -> JwtMinter.fromPkcs8Pem(pemJunk, "k1")))
        .exception(catchThrowable(() -> JwtKeys.jwkSet(jwkWithSecret + "garbage")))
        .text("jwk set toString", describe(() -> JwtKeys.jwkSet(jwkWithSecret)))
        .logs()
        .assertNoLeak();
  }

  private static Object describe(java.util.function.Supplier<Object> make) {
    try {
      return make.get();
    } catch (RuntimeException refused) {
      return Optional.ofNullable(refused.getMessage());
    }
  }
}
