package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestRequests;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a credential no source recognised is denied as: an invalid token when it is shaped like a JWT
 * and the chain verifies JWTs, an invalid API key otherwise (Omnidev's message, kept exact).
 */
class UnrecognisedTokenTest {
  /** A source that verifies JWTs and recognises none of these. */
  private static final CredentialSource JWTS = new CredentialSource() {
    @Override
    public String id() {
      return "jwt";
    }

    @Override
    public Verdict verify(Credential credential) {
      return Verdict.abstain("issuer not configured");
    }

    @Override
    public boolean verifiesJwts() {
      return true;
    }
  };

  private static final CredentialSource KEYS = InMemoryCredentialSource.create().add("known-key-0123456789", "ci-bot");

  private static AuthResult.Denied denied(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    return (AuthResult.Denied) result;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",            // alg none, no signature
      "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V2aWwifQ.c2ln", // an issuer nobody knows
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1p.",                 // cut off inside the claims
      "a.b.c", ".."})
  void aJwtShapedCredentialNoSourceRecognisesIsAnInvalidToken(String token) {
    Authenticator auth = Latchkey.builder().source(KEYS).source(JWTS).build();

    AuthResult.Denied d = denied(auth.authenticate(TestRequests.bearer(token)));

    assertThat(d.reason()).isEqualTo(Reason.INVALID_TOKEN);
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Invalid token\"}");
    assertThat(d.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_token\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "lk_3fZ0abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL",
      "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef", // a MooseStack token: one dot
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw",
      "a.b.c.d", "not+base64.e30.sig"})
  void anyOtherCredentialNoSourceRecognisesIsAnInvalidApiKey(String credential) {
    Authenticator auth = Latchkey.builder().source(KEYS).source(JWTS).build();

    AuthResult.Denied d = denied(auth.authenticate(TestRequests.bearer(credential)));

    assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Invalid API key\"}");
    assertThat(d.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_token\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", "a.b.c"})
  void aChainWithoutAJwtSourceDeniesAJwtShapedCredentialAsAnInvalidApiKey(String token) {
    Authenticator auth = Latchkey.builder().source(KEYS).build();

    AuthResult.Denied d = denied(auth.authenticate(TestRequests.bearer(token)));

    assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Invalid API key\"}");
  }

  @Test
  void theHostMayWordTheTokenDenialItself() {
    String token = "a.b.c";
    Authenticator auth = Latchkey.builder().source(JWTS).message(Reason.INVALID_TOKEN, "Unauthorized: Invalid or missing token").build();

    assertThat(denied(auth.authenticate(TestRequests.bearer(token))).toJson())
        .isEqualTo("{\"error\":\"Unauthorized: Invalid or missing token\"}");
  }
}
