package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Reason;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a chain of API keys and a {@link JwtSource} answers for tokens nobody accepts: the token
 * denial (401 {@code invalid_token}, "Invalid token"), whether the JWT source rejected the token or
 * abstained on it; API keys keep Omnidev's "Invalid API key".
 */
class JwtChainDenialTest {
  private static final String ISS = "https://issuer.example";
  private static final String OMNIDEV_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
  private final MutableClock clock = MutableClock.standard();
  private final long now = clock.instant().getEpochSecond();

  private final Authenticator auth = Latchkey.builder()
      .clock(clock)
      .source(InMemoryCredentialSource.create().add("ci-key-0123456789abcdef", "ci-bot"))
      .source(JwtSource.builder()
          .clock(clock)
          .issuer(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())))).audiences("api").build())
          .build())
      .build();

  private String valid() {
    return TestTokens.signed(header("RS256", "k1"), TestTokens.claims(ISS, "alice", now), RSA.getPrivate(), "SHA256withRSA");
  }

  private AuthResult.Denied denied(String credential) {
    AuthResult result = auth.authenticate(TestRequests.bearer(credential));
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    return (AuthResult.Denied) result;
  }

  private static void assertTokenDenial(AuthResult.Denied d, Reason reason) {
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Invalid token\"}");
    assertThat(d.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_token\""));
  }

  @Test
  void theValidTokenIsAccepted() {
    assertThat(auth.authenticate(TestRequests.bearer(valid()))).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void anUnsignedAlgNoneTokenGetsTheTokenDenial() {
    String unsigned = TestTokens.b64(TestTokens.json(header("none", null))) + "." + TestTokens.b64(TestTokens.json(TestTokens.claims(ISS, "admin", now))) + ".";

    assertTokenDenial(denied(unsigned), Reason.INVALID_TOKEN);
  }

  @Test
  void aTokenFromAnIssuerNobodyKnowsGetsTheTokenDenialWhenTheSourceAbstains() {
    String elsewhere = TestTokens.signed(header("RS256", "k1"), TestTokens.claims("https://elsewhere.example", "alice", now), RSA.getPrivate(), "SHA256withRSA");

    assertTokenDenial(denied(elsewhere), Reason.INVALID_TOKEN);
  }

  @Test
  void aTokenCutOffAfterItsSecondDotGetsTheTokenDenial() {
    String token = valid();

    assertTokenDenial(denied(token.substring(0, token.lastIndexOf('.') + 1)), Reason.INVALID_TOKEN);
  }

  @Test
  void aTokenWhoseHeaderWasCutShortGetsTheTokenDenial() {
    String token = valid();
    String cut = token.substring(0, 8) + token.substring(token.indexOf('.'));

    assertTokenDenial(denied(cut), Reason.INVALID_TOKEN);
  }

  @Test
  void aSignedSubjectWithControlCharactersGetsTheTokenDenial() {
    Map<String, Object> claims = TestTokens.claims(ISS, "a\u0000b\nc", now);
    String token = TestTokens.signed(header("RS256", "k1"), claims, RSA.getPrivate(), "SHA256withRSA");

    assertTokenDenial(denied(token), Reason.MALFORMED_TOKEN);
  }

  @Test
  void anUnknownApiKeyKeepsOmnidevsDenial() {
    AuthResult.Denied d = denied(OMNIDEV_KEY);

    assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Invalid API key\"}");
  }
}
