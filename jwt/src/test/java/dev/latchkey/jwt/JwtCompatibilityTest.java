package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.RSA_OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.AuthResult;
import dev.latchkey.Authenticator;
import dev.latchkey.Credential;
import dev.latchkey.CredentialCarrier;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authgear's caller tokens, MooseStack's JWT mode, minting and key files (COMPAT.md §1, §5). */
class JwtCompatibilityTest {
  private static final String PROJECT = "my-authgear-project";
  private final MutableClock clock = MutableClock.standard();

  private static Credential bearer(Secret token) {
    return new Credential(token, CredentialCarrier.bearer());
  }

  private JwtSource authgearServer() {
    return JwtSource.builder()
        .clock(clock)
        .issuer(JwtIssuer.withoutIssuer()
            .keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("key-2025", RSA.getPublic()), TestTokens.rsaJwk("key-2026", RSA_OTHER.getPublic()))))
            .audiences(PROJECT)
            .leeway(Duration.ofMinutes(5))
            .build())
        .build();
  }

  @Test
  void authgearCallerTokenHasItsExactShape() throws Exception {
    JwtMinter minter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "key-2025").audience(PROJECT).clock(clock).build();
    String[] parts = minter.token().expose().split("\\.");
    Map<String, Object> header = com.nimbusds.jose.util.JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(parts[0])));
    Map<String, Object> claims = com.nimbusds.jose.util.JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(parts[1])));
    long now = clock.instant().getEpochSecond();
    assertThat(header).containsExactlyInAnyOrderEntriesOf(Map.of("alg", "RS256", "typ", "JWT", "kid", "key-2025"));
    assertThat(claims).containsExactlyInAnyOrderEntriesOf(Map.of("aud", List.of(PROJECT), "iat", now, "exp", now + 300));
  }

  @Test
  void bothKeysWorkDuringAuthgearKeyRotation() {
    JwtSource server = authgearServer();
    for (var pair : List.of(Map.entry("key-2025", RSA), Map.entry("key-2026", RSA_OTHER))) {
      JwtMinter minter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(pair.getValue().getPrivate()), pair.getKey()).audience(PROJECT).clock(clock).build();
      assertThat(server.verify(bearer(minter.token()))).isInstanceOf(Verdict.Accept.class);
    }
  }

  @Test
  void authgearAllowsFiveMinutesOfClockSkew() {
    JwtMinter minter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "key-2025").audience(PROJECT).clock(clock).build();
    Secret token = minter.token();
    clock.advance(Duration.ofMinutes(9));
    assertThat(authgearServer().verify(bearer(token))).isInstanceOf(Verdict.Accept.class);
    clock.advance(Duration.ofMinutes(1));
    assertThat(((Verdict.Reject) authgearServer().verify(bearer(token))).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void mooseStackRs256ModeWithAPublicKeyPem() {
    JwtSource moose = JwtSource.builder().clock(clock)
        .issuer(JwtIssuer.issuer("https://moose.example").keys(JwtKeys.pem(TestTokens.publicPem(RSA.getPublic()))).audiences("moose-api").algorithms("RS256").build())
        .build();
    JwtMinter caller = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "any").issuer("https://moose.example").audience("moose-api").clock(clock).build();
    assertThat(moose.verify(bearer(caller.token()))).isInstanceOf(Verdict.Accept.class);
    JwtMinter wrongAudience = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "any").issuer("https://moose.example").audience("other").clock(clock).build();
    assertThat(((Verdict.Reject) moose.verify(bearer(wrongAudience.token()))).reason()).isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void minterCachesItsTokenAndRenewsItShortlyBeforeExpiry() {
    JwtMinter minter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k").audience(PROJECT).clock(clock).build();
    Secret first = minter.token();
    clock.advance(Duration.ofSeconds(269));
    assertThat(minter.token()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1)); // 30 seconds before the 5-minute token expires
    assertThat(minter.token()).isNotEqualTo(first);
  }

  @Test
  void minterSignsWithPrivateJwksToo() throws Exception {
    com.nimbusds.jose.jwk.RSAKey rsa =
        new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) RSA.getPublic())
            .privateKey(RSA.getPrivate()).keyID("key-2025").build();
    JwtMinter fromJwk = JwtMinter.fromJwk(rsa.toJSONString()).audience(PROJECT).clock(clock).build();
    assertThat(authgearServer().verify(bearer(fromJwk.token()))).isInstanceOf(Verdict.Accept.class);

    // An OKP JWK built by hand from a JDK key pair: the last 32 bytes of the X.509 and PKCS#8 encodings.
    byte[] spki = TestTokens.ED25519.getPublic().getEncoded();
    byte[] pkcs8 = TestTokens.ED25519.getPrivate().getEncoded();
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String x = b64.encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    String d = b64.encodeToString(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    String publicJwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"" + x + "\"}";
    String privateJwk = publicJwk.replace("}", ",\"d\":\"" + d + "\"}");
    JwtSource edSource = JwtSource.builder().clock(clock)
        .issuer(JwtIssuer.withoutIssuer().keys(JwtKeys.jwkSet("{\"keys\":[" + publicJwk + "]}")).audiences(PROJECT).build()).build();
    assertThat(edSource.verify(bearer(JwtMinter.fromJwk(privateJwk).subject("svc").audience(PROJECT).clock(clock).build().token())))
        .isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void minterRefusesPublicJwksAndJwksWithoutKid() {
    String publicOnly = TestTokens.rsaJwk("k", RSA.getPublic());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtMinter.fromJwk(publicOnly))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a minter needs a private JWK with a kid");
  }

  @Test
  void minterNeverPrintsItsKey() {
    JwtMinter minter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "k").audience(PROJECT).build();
    assertThat(minter.toString()).isEqualTo("JwtMinter[RS256, kid=k, aud=[my-authgear-project], lifetime=PT5M]");
  }

  @Test
  void apiKeysAndJwtsShareOneChain() {
    JwtSource jwt = authgearServer();
    Authenticator auth = Latchkey.builder()
        .source(jwt)
        .source(InMemoryCredentialSource.create().add("plain-api-key", "ci-bot", "deploy"))
        .build();
    JwtMinter minter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(RSA.getPrivate()), "key-2025").audience(PROJECT).clock(clock).build();

    assertThat(((AuthResult.Authenticated) auth.authenticate(TestRequests.bearer(minter.token().expose()))).principal().name()).isEqualTo("kid:key-2025");
    assertThat(((AuthResult.Authenticated) auth.authenticate(TestRequests.apiKey("plain-api-key"))).principal().name()).isEqualTo("ci-bot");
    String token = minter.token().expose();
    String tampered = token.substring(0, token.length() - 2) + (token.charAt(token.length() - 2) == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    AuthResult.Denied forged = (AuthResult.Denied) auth.authenticate(TestRequests.bearer(tampered));
    assertThat(forged.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(forged.toJson()).isEqualTo("{\"error\":\"Invalid token\"}");
  }
}
