package dev.latchkey.jwt;

import static dev.latchkey.jwt.TestTokens.EC256;
import static dev.latchkey.jwt.TestTokens.ED25519;
import static dev.latchkey.jwt.TestTokens.RSA;
import static dev.latchkey.jwt.TestTokens.RSA_OTHER;
import static dev.latchkey.jwt.TestTokens.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtSourceTest {
  private static final String ISS = "https://issuer.example";
  private final MutableClock clock = MutableClock.standard();
  private final long now = clock.instant().getEpochSecond();

  private JwtSource source(JwtIssuer.Builder issuer) {
    return JwtSource.builder().clock(clock).issuer(issuer.build()).build();
  }

  private JwtSource rsaSource() {
    return source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())))).audiences("api"));
  }

  private Map<String, Object> claims() {
    return TestTokens.claims(ISS, "alice", now);
  }

  private String rs256(Map<String, Object> claims) {
    return TestTokens.signed(header("RS256", "k1"), claims, RSA.getPrivate(), "SHA256withRSA");
  }

  private static Verdict.Reject rejected(Verdict v, Reason reason) {
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    assertThat(((Verdict.Reject) v).reason()).isEqualTo(reason);
    return (Verdict.Reject) v;
  }

  private static Principal accepted(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Accept.class);
    return ((Verdict.Accept) v).principal();
  }

  // --- what is accepted -----------------------------------------------------------------------

  @Test
  void acceptsAValidRs256TokenAsItsSubjectWithRolesClaimsJtiAndExpiry() {
    Map<String, Object> c = claims();
    c.put("jti", "token-1");
    c.put("roles", List.of("admin"));
    c.put("scope", "read write");
    c.put("realm_access", Map.of("roles", List.of("ops")));
    Principal p = accepted(rsaSource().verify(Credential.bearer(rs256(c))));
    assertThat(p.name()).isEqualTo("alice");
    assertThat(p.sourceId()).isEqualTo("jwt");
    assertThat(p.roles()).containsExactly("admin", "read", "write", "ops");
    assertThat(p.credentialId()).contains("token-1");
    assertThat(p.expiresAt()).contains(Instant.ofEpochSecond(now + 300));
    assertThat(p.attributes()).containsEntry("iss", ISS).containsEntry("scope", "read write");
  }

  @Test
  void acceptsEs256AndEdDsaTokensFromTheMinter() {
    JwtSource es = source(JwtIssuer.withoutIssuer().keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.ecJwk("e1", EC256.getPublic())))).audiences("api"));
    JwtMinter esMinter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(EC256.getPrivate()), "e1").audience("api").clock(clock).build();
    assertThat(accepted(es.verify(new Credential(esMinter.token(), dev.latchkey.CredentialCarrier.bearer()))).name()).isEqualTo("kid:e1");

    JwtSource ed = source(JwtIssuer.withoutIssuer().keys(JwtKeys.pem(TestTokens.publicPem(ED25519.getPublic()), java.util.Optional.of("d1"), java.util.Optional.empty())).audiences("api"));
    JwtMinter edMinter = JwtMinter.fromPkcs8Pem(TestTokens.pkcs8Pem(ED25519.getPrivate()), "d1").subject("svc").audience("api").clock(clock).build();
    assertThat(accepted(ed.verify(new Credential(edMinter.token(), dev.latchkey.CredentialCarrier.bearer()))).name()).isEqualTo("svc");
  }

  @Test
  void acceptsHs256OnlyWithAConfiguredSecret() {
    byte[] secret = "a-long-random-secret-for-hs256-0123456789".getBytes(StandardCharsets.UTF_8);
    JwtSource hs = source(JwtIssuer.issuer(ISS).keys(JwtKeys.hmacSecret(Secret.of(new String(secret, StandardCharsets.UTF_8)), "HS256")).audiences("api"));
    assertThat(accepted(hs.verify(Credential.bearer(TestTokens.hmac(header("HS256", null), claims(), secret)))).name()).isEqualTo("alice");
  }

  // --- what is not ours -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"lk_3fZ0abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL", "a.b", "a..c", ".b.c", "a.b.", "a.b.c.d.e", "not+base64.e30.sig", "e30.e30.sig"})
  void abstainsOnAnythingThatIsNotACompactJws(String credential) {
    assertThat(rsaSource().verify(Credential.bearer(credential))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void abstainsOnJweTokens() {
    String jwe = TestTokens.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";
    assertThat(rsaSource().verify(Credential.bearer(jwe))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void abstainsOnAnUnknownIssuerByDefaultAndRejectsWhenConfigured() {
    Map<String, Object> c = claims();
    c.put("iss", "https://elsewhere.example");
    assertThat(rsaSource().verify(Credential.bearer(rs256(c)))).isEqualTo(Verdict.abstain("issuer not configured"));
    JwtSource strict =
        JwtSource.builder().clock(clock).unknownIssuer(JwtSource.UnknownIssuer.REJECT)
            .issuer(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())))).audiences("api").build())
            .build();
    rejected(strict.verify(Credential.bearer(rs256(c))), Reason.WRONG_ISSUER);
  }

  // --- the attack catalogue ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void algNoneNeverVerifiesInAnySpelling(String none) {
    String unsigned = TestTokens.b64(TestTokens.json(header(none, "k1"))) + "." + TestTokens.b64(TestTokens.json(claims()));
    assertThat(rsaSource().verify(Credential.bearer(unsigned + "."))).isNotInstanceOf(Verdict.Accept.class);
    rejected(rsaSource().verify(Credential.bearer(unsigned + ".c2ln")), Reason.DISALLOWED_ALGORITHM);
  }

  @Test
  void aSignedSubjectWithControlCharactersIsRejectedNotMadeAPrincipal() {
    Map<String, Object> c = claims();
    c.put("sub", "a\u0000b\nc");
    assertThat(rsaSource().verify(Credential.bearer(rs256(c)))).isEqualTo(Verdict.reject(
        Reason.MALFORMED_TOKEN, "the claims cannot name a principal: a principal's name contains a control character"));
  }

  @Test
  void aSignedRoleClaimWithControlCharactersIsRejectedNotMadeARole() {
    Map<String, Object> c = claims();
    c.put("roles", List.of("read", "admin\r\nX-Role: root"));
    assertThat(rsaSource().verify(Credential.bearer(rs256(c)))).isEqualTo(Verdict.reject(
        Reason.MALFORMED_TOKEN, "the claims cannot name a principal: a role contains a control character"));
    Map<String, Object> scope = claims();
    scope.put("scope", "read\u0085write");
    assertThat(rsaSource().verify(Credential.bearer(rs256(scope)))).isEqualTo(Verdict.reject(
        Reason.MALFORMED_TOKEN, "the claims cannot name a principal: a role contains a control character"));
  }

  @Test
  void aKidWithControlCharactersNeverBecomesThePrincipalOfATokenWithoutSubject() {
    JwtSource anyKid = source(JwtIssuer.issuer(ISS).keys(JwtKeys.pem(TestTokens.publicPem(RSA.getPublic()))).audiences("api"));
    Map<String, Object> c = claims();
    c.remove("sub");
    String token = TestTokens.signed(header("RS256", "k1\n"), c, RSA.getPrivate(), "SHA256withRSA");
    assertThat(anyKid.verify(Credential.bearer(token))).isEqualTo(Verdict.reject(
        Reason.MALFORMED_TOKEN, "the claims cannot name a principal: a principal's name contains a control character"));
  }

  @Test
  void hs256SignedWithTheRsaPublicKeyIsRefused() {
    String confused = TestTokens.hmac(header("HS256", "k1"), claims(), TestTokens.publicPem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII));
    rejected(rsaSource().verify(Credential.bearer(confused)), Reason.DISALLOWED_ALGORITHM);
    String confusedDer = TestTokens.hmac(header("HS256", "k1"), claims(), RSA.getPublic().getEncoded());
    rejected(rsaSource().verify(Credential.bearer(confusedDer)), Reason.DISALLOWED_ALGORITHM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../dev/null", "/etc/passwd", "' OR '1'='1", "k1' --", "k1\u0000", "${jndi:ldap://x}"})
  void kidTraversalAndInjectionStringsFindNoKey(String kid) {
    String token = TestTokens.signed(header("RS256", kid), claims(), RSA.getPrivate(), "SHA256withRSA");
    Verdict.Reject r = rejected(rsaSource().verify(Credential.bearer(token)), Reason.UNKNOWN_KEY);
    assertThat(r.detail()).doesNotContain(kid);
  }

  @Test
  void embeddedJwkHeaderIsNeverUsedToFindTheKey() throws Exception {
    Map<String, Object> h = header("RS256", null);
    h.put("jwk", com.nimbusds.jose.util.JSONObjectUtils.parse(TestTokens.rsaJwk("evil", RSA_OTHER.getPublic())));
    String forged = TestTokens.signed(h, claims(), RSA_OTHER.getPrivate(), "SHA256withRSA");
    rejected(rsaSource().verify(Credential.bearer(forged)), Reason.BAD_SIGNATURE);
  }

  @Test
  void spoofedJkuAndX5uHeadersAreNeverFetched() {
    Map<String, Object> h = header("RS256", "k1");
    h.put("jku", "http://127.0.0.1:1/jwks.json");
    h.put("x5u", "http://127.0.0.1:1/cert.pem");
    String forged = TestTokens.signed(h, claims(), RSA_OTHER.getPrivate(), "SHA256withRSA");
    rejected(rsaSource().verify(Credential.bearer(forged)), Reason.BAD_SIGNATURE);
  }

  @Test
  void unknownCriticalHeadersAreRefused() {
    Map<String, Object> h = header("RS256", "k1");
    h.put("crit", List.of("exp-policy"));
    h.put("exp-policy", "lenient");
    rejected(rsaSource().verify(Credential.bearer(TestTokens.signed(h, claims(), RSA.getPrivate(), "SHA256withRSA"))), Reason.UNSUPPORTED_CRITICAL_HEADER);
  }

  @Test
  void expiredTokensAreRefusedOnceTheLeewayHasPassed() {
    Map<String, Object> c = claims();
    c.put("exp", now - 30);
    assertThat(rsaSource().verify(Credential.bearer(rs256(c)))).isInstanceOf(Verdict.Accept.class);
    c.put("exp", now - 60);
    rejected(rsaSource().verify(Credential.bearer(rs256(c))), Reason.EXPIRED);
  }

  @Test
  void expiryIsJudgedToTheMillisecondAtTheEdgeOfTheLeeway() {
    Map<String, Object> c = claims();
    c.put("exp", now);
    String token = rs256(c);
    clock.set(java.time.Instant.ofEpochSecond(now + 60).minusMillis(1));
    accepted(rsaSource().verify(Credential.bearer(token)));
    clock.set(java.time.Instant.ofEpochSecond(now + 60));
    rejected(rsaSource().verify(Credential.bearer(token)), Reason.EXPIRED);
  }

  @Test
  void notBeforeIsJudgedToTheMillisecondAtTheEdgeOfTheLeeway() {
    Map<String, Object> c = claims();
    c.put("nbf", now + 120);
    String token = rs256(c);
    clock.set(java.time.Instant.ofEpochSecond(now + 60).minusMillis(1));
    rejected(rsaSource().verify(Credential.bearer(token)), Reason.NOT_YET_VALID);
    clock.set(java.time.Instant.ofEpochSecond(now + 60));
    accepted(rsaSource().verify(Credential.bearer(token)));
  }

  @Test
  void registeredClaimsSpelledWithEscapesAreJudgedLikeAnyOther() {
    String head = TestTokens.json(header("RS256", "k1"));
    String base = "{\"iss\":\"" + ISS + "\",\"aud\":\"api\",\"exp\":" + (now + 300);
    rejected(rsaSource().verify(Credential.bearer(TestTokens.signed(
        head, base + ",\"\\u006ebf\":" + (now + 120) + "}", RSA.getPrivate(), "SHA256withRSA"))), Reason.NOT_YET_VALID);
    rejected(rsaSource().verify(Credential.bearer(TestTokens.signed(
        head, "{\"\\u0069ss\":\"" + ISS + "\",\"aud\":\"other\",\"exp\":" + (now + 300) + "}", RSA.getPrivate(), "SHA256withRSA"))),
        Reason.WRONG_AUDIENCE);
    Principal p = accepted(rsaSource().verify(Credential.bearer(TestTokens.signed(
        head, base + ",\"s\\u0075b\":\"bob\",\"\\u0072oles\":[\"admin\"]}", RSA.getPrivate(), "SHA256withRSA"))));
    assertThat(p.name()).isEqualTo("bob");
    assertThat(p.roles()).containsExactly("admin");
  }

  @Test
  void futureNbfAndIatAreRefused() {
    Map<String, Object> nbf = claims();
    nbf.put("nbf", now + 120);
    rejected(rsaSource().verify(Credential.bearer(rs256(nbf))), Reason.NOT_YET_VALID);
    Map<String, Object> iat = claims();
    iat.put("iat", now + 120);
    rejected(rsaSource().verify(Credential.bearer(rs256(iat))), Reason.NOT_YET_VALID);
  }

  @Test
  void missingExpIsRefusedByDefault() {
    Map<String, Object> c = claims();
    c.remove("exp");
    rejected(rsaSource().verify(Credential.bearer(rs256(c))), Reason.MISSING_CLAIM);
  }

  @Test
  void wrongAudienceIsRefused() {
    Map<String, Object> c = claims();
    c.put("aud", "other-service");
    rejected(rsaSource().verify(Credential.bearer(rs256(c))), Reason.WRONG_AUDIENCE);
  }

  @Test
  void anIssuerThatStatesNoAudienceIsRefused() {
    JwtIssuer.Builder silent = JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))));

    assertThatThrownBy(silent::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an issuer needs the audiences this service answers to, audiences(...), "
            + "or anyAudience() to accept its tokens for any audience (RFC 8725 §3.9)");
    assertThatThrownBy(() -> silent.audiences().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> silent.audiences(" ")).isInstanceOf(IllegalArgumentException.class).hasMessage("an audience must not be blank");
  }

  @Test
  void anIssuerTakesAudiencesOrAnyAudienceNotBoth() {
    JwtIssuer.Builder both = JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))))
        .audiences("api").anyAudience();

    assertThatThrownBy(both::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an issuer takes audiences(...) or anyAudience(), not both");
  }

  @Test
  void anIssuerThatWaivesTheAudienceAcceptsTokensForAnyAudienceOrNone() {
    JwtSource any = source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())))).anyAudience());
    Map<String, Object> elsewhere = claims();
    elsewhere.put("aud", "other-service");
    Map<String, Object> none = claims();
    none.remove("aud");

    assertThat(accepted(any.verify(Credential.bearer(rs256(elsewhere)))).name()).isEqualTo("alice");
    assertThat(accepted(any.verify(Credential.bearer(rs256(none)))).name()).isEqualTo("alice");
  }

  @Test
  void aTokenWithoutAudIsRefusedByAnIssuerWithAudiences() {
    Map<String, Object> c = claims();
    c.remove("aud");
    rejected(rsaSource().verify(Credential.bearer(rs256(c))), Reason.WRONG_AUDIENCE);
  }

  @Test
  void oversizedTokensAreRefused() {
    Map<String, Object> c = claims();
    c.put("padding", "x".repeat(9000));
    rejected(rsaSource().verify(Credential.bearer(rs256(c))), Reason.MALFORMED_TOKEN);
  }

  @Test
  void oversizedHeadersAreRefusedBeforeTheyAreDecoded() {
    Map<String, Object> h = header("RS256", "k1");
    h.put("padding", "x".repeat(20_000));
    String token = TestTokens.b64(TestTokens.json(h)) + "." + TestTokens.b64(TestTokens.json(claims())) + ".c2ln";
    Verdict.Reject r = rejected(rsaSource().verify(Credential.bearer(token)), Reason.MALFORMED_TOKEN);
    assertThat(r.detail()).isEqualTo("the token is larger than 8192 bytes");
  }

  @Test
  void blankSourceIdsAreRefused() {
    assertThatThrownBy(() -> JwtSource.builder().id(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deeplyNestedClaimsAreRefusedNotThrown() {
    String nested = "[".repeat(3000) + "]".repeat(3000);
    String payload = "{\"iss\":\"" + ISS + "\",\"x\":" + nested + "}";
    String token = TestTokens.b64(TestTokens.json(header("RS256", "k1"))) + "." + TestTokens.b64(payload) + ".c2ln";
    Verdict v = JwtSource.builder().clock(clock).maxTokenBytes(65536)
        .issuer(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic())))).audiences("api").build())
        .build()
        .verify(Credential.bearer(token));
    rejected(v, Reason.MALFORMED_TOKEN);
  }

  /** A token signed with the issuer's key whose claims are exactly {@code claimsJson} ({@code EXP} becomes a valid exp). */
  private String rs256Json(String claimsJson) {
    return TestTokens.signed("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claimsJson.replace("EXP", Long.toString(now + 300)), RSA.getPrivate(), "SHA256withRSA");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    ",\"iss\":\"https://issuer.example\"", ",\"exp\":1", ",\"sub\":\"alice\",\"sub\":\"mallory\"", ",\"aud\":[\"api\"]",
    ",\"x\":{\"roles\":[],\"roles\":[\"admin\"]}", ",\"\\u0069ss\":\"https://issuer.example\""
  })
  void signedClaimsNamingAMemberTwiceAreRefused(String duplicate) {
    Verdict v = rsaSource().verify(Credential.bearer(rs256Json("{\"iss\":\"" + ISS + "\",\"aud\":\"api\",\"exp\":EXP" + duplicate + "}")));
    rejected(v, Reason.MALFORMED_TOKEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "\"aud\":[1]", "\"aud\":[\"api\",null]", "\"aud\":[\"api\",[\"api\"]]", "\"aud\":{\"api\":true}", "\"aud\":true",
    "\"aud\":\"api\",\"exp\":\"EXP\"", "\"aud\":\"api\",\"exp\":[EXP]", "\"aud\":\"api\",\"exp\":1e20",
    "\"aud\":\"api\",\"exp\":-1e20", "\"aud\":\"api\",\"exp\":1e400", "\"aud\":\"api\",\"nbf\":true",
    "\"aud\":\"api\",\"iat\":\"0\"", "\"aud\":\"api\",\"sub\":7", "\"aud\":\"api\",\"jti\":[\"j\"]",
    "\"aud\":\"api\",\"x\":\"\\ud800\"", "\"aud\":\"api\",\"x\":01", "\"aud\":\"api\","
  })
  void signedClaimsOfTheWrongTypeOrNotStrictJsonAreRefused(String members) {
    String claims = "{\"iss\":\"" + ISS + "\"," + members + (members.contains("exp") ? "" : ",\"exp\":EXP") + "}";
    rejected(rsaSource().verify(Credential.bearer(rs256Json(claims))), Reason.MALFORMED_TOKEN);
  }

  @Test
  void audMayBeOneStringAndExpAFractionOfASecond() {
    String token = rs256Json("{\"iss\":\"" + ISS + "\",\"sub\":\"alice\",\"aud\":\"api\",\"exp\":" + (now + 300) + ".75}");
    Principal p = accepted(rsaSource().verify(Credential.bearer(token)));
    assertThat(p.expiresAt()).contains(Instant.ofEpochSecond(now + 300));
    assertThat(p.attributes()).containsEntry("aud", "api");
  }

  @Test
  void escapedTextInClaimsIsReadAsTheTextItStandsFor() {
    String token = rs256Json("{\"iss\":\"https:\\/\\/issuer.example\",\"sub\":\"J\\u00f6rg \\ud83d\\ude00\",\"aud\":[\"api\"],\"exp\":EXP}");
    Principal p = accepted(rsaSource().verify(Credential.bearer(token)));
    assertThat(p.name()).isEqualTo("Jörg 😀");
    assertThat(p.attributes()).containsEntry("iss", ISS);
  }

  @Test
  void aNullClaimCountsAsAbsent() {
    Principal p = accepted(rsaSource().verify(Credential.bearer(rs256Json("{\"iss\":\"" + ISS + "\",\"sub\":null,\"aud\":[\"api\"],\"exp\":EXP}"))));
    assertThat(p.name()).isEqualTo("kid:k1");
    assertThat(p.attributes()).doesNotContainKey("sub");
    rejected(rsaSource().verify(Credential.bearer(rs256Json("{\"iss\":\"" + ISS + "\",\"aud\":[\"api\"],\"exp\":null}"))), Reason.MISSING_CLAIM);
  }

  @Test
  void aHeaderNamingAMemberTwiceIsNotReadAsAJwsHeader() {
    String token = TestTokens.signed("{\"alg\":\"RS256\",\"kid\":\"k1\",\"alg\":\"none\"}", TestTokens.json(claims()), RSA.getPrivate(), "SHA256withRSA");
    assertThat(rsaSource().verify(Credential.bearer(token))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void ecdsaSignatureOfZerosIsRefused() {
    JwtSource es = source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.ecJwk("e1", EC256.getPublic())))).audiences("api"));
    String input = TestTokens.b64(TestTokens.json(header("ES256", "e1"))) + "." + TestTokens.b64(TestTokens.json(claims()));
    String zeros = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
    rejected(es.verify(Credential.bearer(input + "." + zeros)), Reason.BAD_SIGNATURE);
  }

  @Test
  void pbes2AndOtherJweAlgorithmsInAThreePartTokenAreRefused() {
    String input = TestTokens.b64("{\"alg\":\"PBES2-HS256+A128KW\",\"p2c\":1000000000,\"p2s\":\"AAAA\"}") + "." + TestTokens.b64(TestTokens.json(claims()));
    rejected(rsaSource().verify(Credential.bearer(input + ".c2ln")), Reason.DISALLOWED_ALGORITHM);
  }

  @Test
  void tokenWithoutKidIsRefusedWhenTheIssuerHasSeveralKeys() {
    JwtSource two = source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(
        TestTokens.rsaJwk("k1", RSA.getPublic()), TestTokens.rsaJwk("k2", RSA_OTHER.getPublic())))).audiences("api"));
    String noKid = TestTokens.signed(header("RS256", null), claims(), RSA.getPrivate(), "SHA256withRSA");
    rejected(two.verify(Credential.bearer(noKid)), Reason.UNKNOWN_KEY);
  }

  @Test
  void nonCanonicalBase64UrlIsRefused() {
    String token = rs256(claims());
    String[] parts = token.split("\\.");
    // Appending one character makes a part's length 1 mod 4, which no canonical encoding has.
    rejected(rsaSource().verify(Credential.bearer(parts[0] + "." + parts[1] + "A." + parts[2])), Reason.MALFORMED_TOKEN);
  }

  @Test
  void aHeaderSeenBeforeDoesNotLetAForeignCharacterElsewhereThrough() {
    JwtSource source = rsaSource();
    String[] parts = rs256(claims()).split("\\.");
    accepted(source.verify(Credential.bearer(String.join(".", parts))));
    for (String foreign : new String[] {"+", "/", "=", "\u00e9", "\u0141"}) {
      String token = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 8) + foreign + parts[2].substring(9);
      assertThat(source.verify(Credential.bearer(token))).as(foreign).isInstanceOf(Verdict.Abstain.class);
    }
  }

  @Test
  void aHeaderSeenBeforeDoesNotLetPaddingOrANonCanonicalPartThrough() {
    JwtSource source = rsaSource();
    String[] parts = rs256(claims()).split("\\.");
    accepted(source.verify(Credential.bearer(String.join(".", parts))));
    assertThat(source.verify(Credential.bearer(parts[0] + "." + parts[1] + "." + parts[2] + "=="))).isInstanceOf(Verdict.Abstain.class);
    rejected(source.verify(Credential.bearer(parts[0] + "." + parts[1] + "A." + parts[2])), Reason.MALFORMED_TOKEN);
  }

  @Test
  void keysWhoseKeyOpsExcludeVerifyAreNotUsed() {
    String jwk = TestTokens.rsaJwk("k1", RSA.getPublic()).replace("{", "{\"key_ops\":[\"encrypt\"],");
    rejected(source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(jwk))).audiences("api")).verify(Credential.bearer(rs256(claims()))), Reason.UNKNOWN_KEY);
  }

  @Test
  void signatureByAnotherKeyIsRefused() {
    String forged = TestTokens.signed(header("RS256", "k1"), claims(), RSA_OTHER.getPrivate(), "SHA256withRSA");
    rejected(rsaSource().verify(Credential.bearer(forged)), Reason.BAD_SIGNATURE);
  }

  @Test
  void lifetimeAndTypeRulesAreEnforced() {
    JwtSource strict = source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet(TestTokens.set(TestTokens.rsaJwk("k1", RSA.getPublic()))))
        .audiences("api").maxLifetime(Duration.ofMinutes(1)).type("at+jwt"));
    Map<String, Object> h = header("RS256", "k1");
    h.put("typ", "application/at+jwt");
    Map<String, Object> shortLived = claims();
    shortLived.put("exp", now + 60);
    assertThat(strict.verify(Credential.bearer(TestTokens.signed(h, shortLived, RSA.getPrivate(), "SHA256withRSA")))).isInstanceOf(Verdict.Accept.class);
    rejected(strict.verify(Credential.bearer(TestTokens.signed(h, claims(), RSA.getPrivate(), "SHA256withRSA"))), Reason.TOO_LONG_LIVED);
    rejected(strict.verify(Credential.bearer(TestTokens.signed(header("RS256", "k1"), shortLived, RSA.getPrivate(), "SHA256withRSA"))), Reason.WRONG_TOKEN_TYPE);
  }

  // --- configuration ----------------------------------------------------------------------------

  @Test
  void everyPublishedWeakHmacSecretIsRefusedAtConfiguration() throws Exception {
    List<String> weak = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/resources/vectors/jwt_tool/jwt-common.txt"));
    assertThat(weak).hasSizeGreaterThan(90);
    for (String secret : weak) {
      if (secret.isEmpty()) {
        continue;
      }
      assertThatThrownBy(() -> JwtKeys.hmacSecret(Secret.of(secret), "HS256")).as("secret #%d", weak.indexOf(secret))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).matches(
              "an HMAC secret must be at least 256 bits \\(32 bytes\\); this one is \\d+ bytes"
                  + "|this HMAC secret is published in documentation or attack tools; generate a random one"));
    }
  }

  @Test
  void randomHmacSecretsAreAccepted() {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    assertThat(JwtKeys.hmacSecret(Secret.of(java.util.HexFormat.of().formatHex(random)), "HS256")).isNotNull();
  }

  @Test
  void rsaKeysUnder2048BitsAreRefused() {
    String small = TestTokens.set(TestTokens.rsaJwk("small", TestTokens.generate("RSA", 1024).getPublic()));
    assertThatThrownBy(() -> JwtKeys.jwkSet(small)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'small': RSA keys must have at least 2048 bits; this one has 1024");
  }

  @Test
  void rsaKeysWithAnExponentThatAllowsForgeryAreRefused() {
    java.security.interfaces.RSAPublicKey real = (java.security.interfaces.RSAPublicKey) RSA.getPublic();
    String n = com.nimbusds.jose.util.Base64URL.encode(real.getModulus()).toString();
    String exponentOne = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"e1\",\"n\":\"" + n + "\",\"e\":\"AQ\"}]}";
    String exponentTwo = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"e2\",\"n\":\"" + n + "\",\"e\":\"Ag\"}]}";
    // The JDK's RSA key factory refuses them when the key is built; this pins that behaviour.
    assertThatThrownBy(() -> JwtKeys.jwkSet(exponentOne)).isInstanceOf(IllegalArgumentException.class).hasMessage("key 'e1' cannot be used (JOSEException)");
    assertThatThrownBy(() -> JwtKeys.jwkSet(exponentTwo)).isInstanceOf(IllegalArgumentException.class).hasMessage("key 'e2' cannot be used (JOSEException)");
  }

  @Test
  void aConfiguredSetMayHoldHmacKeysButNotMixThemWithPublicKeys() {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    String oct = "{\"kty\":\"oct\",\"kid\":\"s\",\"alg\":\"HS256\",\"k\":\"" + com.nimbusds.jose.util.Base64URL.encode(secret) + "\"}";
    JwtSource hs = source(JwtIssuer.issuer(ISS).keys(JwtKeys.jwkSet("{\"keys\":[" + oct + "]}")).audiences("api"));
    assertThat(accepted(hs.verify(Credential.bearer(TestTokens.hmac(header("HS256", "s"), claims(), secret)))).name()).isEqualTo("alice");
    assertThatThrownBy(() -> JwtKeys.jwkSet(TestTokens.set(oct, TestTokens.rsaJwk("k1", RSA.getPublic()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the set mixes HMAC and public keys; keep them in separate sets");
  }

  @Test
  void pemCertificatesAndPrivateKeysYieldTheirPublicKey() throws Exception {
    String cert = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/keys/rsa-cert.pem"));
    String certKey = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/keys/rsa-cert-key.pem"));
    JwtMinter minter = JwtMinter.fromPkcs8Pem(certKey, "c1").subject("svc").audience("api").clock(clock).build();
    for (String pem : List.of(cert, certKey)) {
      JwtSource fromPem = source(JwtIssuer.withoutIssuer().keys(JwtKeys.pem(pem)).audiences("api"));
      assertThat(accepted(fromPem.verify(new Credential(minter.token(), dev.latchkey.CredentialCarrier.bearer()))).name()).isEqualTo("svc");
    }
    String ecKey = TestTokens.pkcs8Pem(EC256.getPrivate());
    JwtMinter ecMinter = JwtMinter.fromPkcs8Pem(ecKey, "e").subject("ec").audience("api").clock(clock).build();
    assertThat(accepted(source(JwtIssuer.withoutIssuer().keys(JwtKeys.pem(ecKey)).audiences("api")).verify(new Credential(ecMinter.token(), dev.latchkey.CredentialCarrier.bearer()))).name())
        .isEqualTo("ec");
  }

  @Test
  void traditionalPemFormatsGetAConversionHint() {
    assertThatThrownBy(() -> JwtKeys.pem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }
}
