package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestRequests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the authenticator finds the credential in a request, and what it refuses before any source. */
class CredentialExtractionTest {
  private static final String KEY = "k3y-for-extraction-tests";

  private final InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(KEY, "alice", "reader");
  private final Authenticator auth = Latchkey.builder().source(keys).build();

  private static AuthRequest withAuthorization(String... values) {
    AuthRequest.Builder b = TestRequests.request();
    for (String v : values) {
      b.header("Authorization", v);
    }
    return b.build();
  }

  private static void assertAuthenticatedAs(AuthResult result, String name) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Authenticated) result).principal().name()).isEqualTo(name);
  }

  private static AuthResult.Denied denied(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    return (AuthResult.Denied) result;
  }

  @Test
  void acceptsBearerToken() {
    assertAuthenticatedAs(auth.authenticate(TestRequests.bearer(KEY)), "alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bearer ", "BEARER ", "BeArEr "})
  void bearerSchemeIsCaseInsensitive(String scheme) {
    assertAuthenticatedAs(auth.authenticate(withAuthorization(scheme + KEY)), "alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer\t" + KEY, "Bearer   " + KEY, "  Bearer " + KEY + "  ", "Bearer \t " + KEY + "\t"})
  void spacesAndTabsAroundTheTokenAreIgnored(String header) {
    assertAuthenticatedAs(auth.authenticate(withAuthorization(header)), "alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer \t  ", "bearer"})
  void bearerWithoutTokenIsMalformedRequest(String header) {
    AuthResult.Denied d = denied(auth.authenticate(withAuthorization(header)));
    assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
    assertThat(d.status()).isEqualTo(400);
    assertThat(d.headers())
        .containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_request\""));
  }

  @Test
  void bearerWithTwoTokensIsMalformedRequest() {
    AuthResult.Denied d = denied(auth.authenticate(withAuthorization("Bearer " + KEY + " extra")));
    assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
    assertThat(d.status()).isEqualTo(400);
  }

  @Test
  void emptyApiKeyHeaderCountsAsAbsent() {
    AuthResult.Denied d = denied(auth.authenticate(TestRequests.request().header("X-API-Key", "  ").build()));
    assertThat(d.reason()).isEqualTo(Reason.MISSING_CREDENTIAL);
  }

  @Test
  void missingCredentialIsOmnidevs401WithPlainChallenge() {
    AuthResult.Denied d = denied(auth.authenticate(TestRequests.anonymous()));
    assertThat(d.reason()).isEqualTo(Reason.MISSING_CREDENTIAL);
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.message())
        .isEqualTo("API key is required. Provide it via x-api-key header or Authorization: Bearer token");
    assertThat(d.toJson())
        .isEqualTo("{\"error\":\"API key is required. Provide it via x-api-key header or Authorization: Bearer token\"}");
    assertThat(d.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\""));
  }

  @Test
  void missingCredentialMessageNamesOnlyTheCarriersRead() {
    Authenticator queryOnly = Latchkey.builder().source(keys).carriers(CredentialCarrier.queryParameter("api_key")).build();
    Authenticator several = Latchkey.builder().source(keys)
        .carriers(CredentialCarrier.header("X-Service-Token"), CredentialCarrier.bearer(), CredentialCarrier.basicPassword())
        .build();

    assertThat(denied(queryOnly.authenticate(TestRequests.anonymous())).message())
        .isEqualTo("API key is required. Provide it via api_key query parameter");
    assertThat(denied(several.authenticate(TestRequests.anonymous())).message()).isEqualTo(
        "API key is required. Provide it via X-Service-Token header, Authorization: Bearer token or Authorization: Basic password");
  }

  @Test
  void omnidevsCarriersInEitherOrderGetOmnidevsExactMessage() {
    Authenticator swapped = Latchkey.builder().source(keys)
        .carriers(CredentialCarrier.apiKeyHeader(), CredentialCarrier.bearer()).build();

    assertThat(denied(swapped.authenticate(TestRequests.anonymous())).message())
        .isEqualTo("API key is required. Provide it via x-api-key header or Authorization: Bearer token");
  }

  @Test
  void aConfiguredMissingCredentialMessageIsKeptWhateverTheCarriers() {
    Authenticator custom = Latchkey.builder().source(keys).carriers(CredentialCarrier.queryParameter("token"))
        .message(Reason.MISSING_CREDENTIAL, "Sign in first").build();

    assertThat(denied(custom.authenticate(TestRequests.anonymous())).message()).isEqualTo("Sign in first");
  }

  @Test
  void otherAuthorizationSchemesAreNotBearerCredentials() {
    AuthResult.Denied d = denied(auth.authenticate(withAuthorization("Digest username=\"x\"")));
    assertThat(d.reason()).isEqualTo(Reason.MISSING_CREDENTIAL);
  }

  @Test
  void unknownTokenIsInvalidTokenWithErrorInChallenge() {
    AuthResult.Denied d = denied(auth.authenticate(TestRequests.bearer("not-a-known-key")));
    assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Invalid API key\"}");
    assertThat(d.headers())
        .containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_token\""));
  }

  @Test
  void acceptsApiKeyHeaderCaseInsensitively() {
    assertAuthenticatedAs(auth.authenticate(TestRequests.request().header("x-api-key", KEY).build()), "alice");
  }

  @Test
  void twoAuthorizationHeadersWithTheSameTokenCountOnce() {
    assertAuthenticatedAs(auth.authenticate(withAuthorization("Bearer " + KEY, "Bearer " + KEY)), "alice");
  }

  @Test
  void twoAuthorizationHeadersWithDifferentTokensAreConflicting() {
    AuthResult.Denied d = denied(auth.authenticate(withAuthorization("Bearer " + KEY, "Bearer other")));
    assertThat(d.reason()).isEqualTo(Reason.CONFLICTING_CREDENTIALS);
    assertThat(d.status()).isEqualTo(400);
    assertThat(d.headers())
        .containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_request\""));
  }

  @Test
  void differentCredentialsInTwoCarriersAreConflictingByDefault() {
    AuthRequest request =
        TestRequests.request().header("Authorization", "Bearer " + KEY).header("X-API-Key", "other").build();
    AuthResult.Denied d = denied(auth.authenticate(request));
    assertThat(d.reason()).isEqualTo(Reason.CONFLICTING_CREDENTIALS);
    assertThat(d.explain().extraction())
        .isEqualTo("refused: different credentials in Authorization: Bearer and header X-API-Key");
  }

  @Test
  void sameCredentialInTwoCarriersIsAccepted() {
    AuthRequest request =
        TestRequests.request().header("Authorization", "Bearer " + KEY).header("X-API-Key", KEY).build();
    assertAuthenticatedAs(auth.authenticate(request), "alice");
  }

  @Test
  void firstInOrderPolicyTakesTheFirstCarrierLikeOmnidev() {
    Authenticator omnidevLike =
        Latchkey.builder()
            .source(keys)
            .carriers(CredentialCarrier.apiKeyHeader(), CredentialCarrier.bearer())
            .carrierConflictPolicy(CarrierConflictPolicy.FIRST_IN_ORDER)
            .build();
    AuthRequest request =
        TestRequests.request().header("Authorization", "Bearer other").header("X-API-Key", KEY).build();

    AuthResult result = omnidevLike.authenticate(request);

    assertAuthenticatedAs(result, "alice");
    assertThat(result.explain().carrier()).contains(CredentialCarrier.apiKeyHeader());
  }

  @Test
  void queryParameterIsIgnoredUnlessConfigured() {
    AuthRequest request = TestRequests.request().queryParameter("api_key", KEY).build();
    assertThat(denied(auth.authenticate(request)).reason()).isEqualTo(Reason.MISSING_CREDENTIAL);
  }

  @Test
  void queryParameterIsReadWhenConfigured() {
    Authenticator withQuery =
        Latchkey.builder()
            .source(keys)
            .carriers(CredentialCarrier.bearer(), CredentialCarrier.queryParameter("api_key"))
            .build();
    AuthRequest request = TestRequests.request().rawQuery("stream=1&api_key=" + KEY).build();
    assertAuthenticatedAs(withQuery.authenticate(request), "alice");
  }

  @Test
  void basicPasswordIsReadWhenConfigured() {
    Authenticator withBasic =
        Latchkey.builder().source(keys).carriers(CredentialCarrier.basicPassword()).build();
    String basic = Base64.getEncoder().encodeToString(("anyone:" + KEY).getBytes(StandardCharsets.UTF_8));
    assertAuthenticatedAs(withBasic.authenticate(withAuthorization("Basic " + basic)), "alice");
  }

  @Test
  void basicThatIsNotBase64IsMalformed() {
    Authenticator withBasic =
        Latchkey.builder().source(keys).carriers(CredentialCarrier.basicPassword()).build();
    AuthResult.Denied d = denied(withBasic.authenticate(withAuthorization("Basic %%%")));
    assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
  }

  @Test
  void credentialOfExactlyTheLimitReachesTheSources() {
    ScriptedSource source = ScriptedSource.answering("s", Verdict.abstain());
    Authenticator a = Latchkey.builder().source(source).build();
    AuthResult.Denied d = denied(a.authenticate(TestRequests.bearer("x".repeat(8192))));
    assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(source.calls.get()).isEqualTo(1);
  }

  @Test
  void credentialOverTheLimitIsRefusedBeforeAnySource() {
    ScriptedSource source = ScriptedSource.answering("s", Verdict.abstain());
    Authenticator a = Latchkey.builder().source(source).build();
    AuthResult.Denied d = denied(a.authenticate(TestRequests.bearer("x".repeat(8193))));
    assertThat(d.reason()).isEqualTo(Reason.CREDENTIAL_TOO_LARGE);
    assertThat(d.status()).isEqualTo(400);
    assertThat(source.calls.get()).isZero();
  }

  @Test
  void limitCountsUtf8BytesNotCharacters() {
    ScriptedSource source = ScriptedSource.answering("s", Verdict.abstain());
    Authenticator a = Latchkey.builder().source(source).maxCredentialBytes(10).build();
    // Four characters, twelve bytes.
    AuthResult.Denied d = denied(a.authenticate(TestRequests.apiKey("€€€€")));
    assertThat(d.reason()).isEqualTo(Reason.CREDENTIAL_TOO_LARGE);
    assertThat(source.calls.get()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc\u0000def", "abc\u0001", "a\u007fb", "a\u0085b", "a\rb", "a\nb"})
  void controlCharactersAreRefusedBeforeAnySource(String value) {
    ScriptedSource source = ScriptedSource.answering("s", Verdict.abstain());
    Authenticator a = Latchkey.builder().source(source).build();
    AuthResult.Denied d = denied(a.authenticate(TestRequests.apiKey(value)));
    assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
    assertThat(d.status()).isEqualTo(400);
    assertThat(source.calls.get()).isZero();
  }

  @Test
  void nonAsciiTokenIsAskedAboutAndDeniedAsInvalid() {
    ScriptedSource source = ScriptedSource.answering("s", Verdict.abstain());
    Authenticator a = Latchkey.builder().source(source).build();
    AuthResult.Denied d = denied(a.authenticate(TestRequests.bearer("clé-ключ-鍵")));
    assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(source.calls.get()).isEqualTo(1);
  }

  @Test
  void renamedApiKeyHeaderIsReadEndToEnd() {
    Authenticator renamed =
        Latchkey.builder().source(keys).carriers(CredentialCarrier.header("X-Moose-Key")).build();
    assertAuthenticatedAs(renamed.authenticate(TestRequests.request().header("x-moose-key", KEY).build()), "alice");
    assertThat(denied(renamed.authenticate(TestRequests.apiKey(KEY))).reason()).isEqualTo(Reason.MISSING_CREDENTIAL);
  }

  @Test
  void twoDifferentApiKeyHeadersAreConflicting() {
    AuthRequest request = TestRequests.request().header("X-API-Key", KEY).header("X-API-Key", "other").build();
    assertThat(denied(auth.authenticate(request)).reason()).isEqualTo(Reason.CONFLICTING_CREDENTIALS);
  }

  @Test
  void foldedApiKeyHeaderIsMalformedNotOneLongKey() {
    AuthResult.Denied d = denied(auth.authenticate(TestRequests.apiKey(KEY + ", other")));
    assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
    assertThat(d.explain().extraction()).isEqualTo("refused: credential in header X-API-Key contains whitespace");
  }

  @Test
  void queryParameterAndHeaderWithDifferentValuesAreConflicting() {
    Authenticator withQuery =
        Latchkey.builder()
            .source(keys)
            .carriers(CredentialCarrier.apiKeyHeader(), CredentialCarrier.queryParameter("api_key"))
            .build();
    AuthRequest request = TestRequests.request().header("X-API-Key", KEY).queryParameter("api_key", "other").build();
    assertThat(denied(withQuery.authenticate(request)).reason()).isEqualTo(Reason.CONFLICTING_CREDENTIALS);
  }

  @Test
  void firstInOrderPolicyReportsAMalformedFirstCarrier() {
    Authenticator firstWins =
        Latchkey.builder().source(keys).carrierConflictPolicy(CarrierConflictPolicy.FIRST_IN_ORDER).build();
    AuthRequest request = TestRequests.request().header("Authorization", "Bearer").header("X-API-Key", KEY).build();
    assertThat(denied(firstWins.authenticate(request)).reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
  }

  @Test
  void basicPasswordOverTheLimitIsRefused() {
    Authenticator withBasic =
        Latchkey.builder().source(keys).carriers(CredentialCarrier.basicPassword()).maxCredentialBytes(16).build();
    String basic = Base64.getEncoder().encodeToString(("u:" + "p".repeat(17)).getBytes(StandardCharsets.UTF_8));
    assertThat(denied(withBasic.authenticate(withAuthorization("Basic " + basic))).reason())
        .isEqualTo(Reason.CREDENTIAL_TOO_LARGE);
  }

  @Test
  void basicWorksWithTheLargestLimit() {
    Authenticator withBasic =
        Latchkey.builder().source(keys).carriers(CredentialCarrier.basicPassword()).maxCredentialBytes(Integer.MAX_VALUE).build();
    String basic = Base64.getEncoder().encodeToString(("u:" + KEY).getBytes(StandardCharsets.UTF_8));
    assertAuthenticatedAs(withBasic.authenticate(withAuthorization("Basic " + basic)), "alice");
  }

  @Test
  void schemeMatchingIsAsciiOnly() {
    // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S' in Unicode, but is not the scheme "Basic".
    Authenticator withBasic = Latchkey.builder().source(keys).carriers(CredentialCarrier.basicPassword()).build();
    String basic = Base64.getEncoder().encodeToString(("u:" + KEY).getBytes(StandardCharsets.UTF_8));
    assertThat(denied(withBasic.authenticate(withAuthorization("Ba\u017fic " + basic))).reason())
        .isEqualTo(Reason.MISSING_CREDENTIAL);
  }

  @Test
  void unpairedSurrogateIsMalformed() {
    assertThat(denied(auth.authenticate(TestRequests.apiKey("abc\uD800"))).reason()).isEqualTo(Reason.MALFORMED_CREDENTIAL);
  }

  @Test
  void realmIsQuotedSafelyInTheChallenge() {
    Authenticator a = Latchkey.builder().source(keys).realm("my \"api\"").build();
    AuthResult.Denied d = denied(a.authenticate(TestRequests.anonymous()));
    assertThat(d.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"my \\\"api\\\"\"");
  }
}
