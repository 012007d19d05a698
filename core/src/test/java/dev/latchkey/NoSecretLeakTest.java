package dev.latchkey;

import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.SecretLeakCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestRequests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives success and failure paths with a known secret and checks that it appears nowhere a host could
 * see it: results, traces, messages, headers, events, audit lines and log output, in plain, hex or
 * base64 form.
 */
class NoSecretLeakTest {
  private static final String SECRET = "lk_leak_probe_9f8e7d6c5b4a";

  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clearLogs() {
    CapturingLogProvider.clear();
  }

  private void assertNoLeak(AuthResult result) {
    SecretLeakCheck.of(SECRET).result(result).events(events).logs().assertNoLeak();
  }

  private Authenticator chain(CredentialSource... sources) {
    Latchkey.Builder b = Latchkey.builder().listener(events::add).listener(new Slf4jAuditListener());
    for (CredentialSource s : sources) {
      b.source(s);
    }
    return b.build();
  }

  @Test
  void acceptedRequestLeaksNothing() {
    AuthResult result = chain(InMemoryCredentialSource.create().add(SECRET, "alice", "r")).authenticate(TestRequests.bearer(SECRET));
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    assertNoLeak(result);
  }

  @Test
  void unknownCredentialLeaksNothing() {
    AuthResult result = chain(InMemoryCredentialSource.create()).authenticate(TestRequests.apiKey(SECRET));
    assertThat(result).isInstanceOf(AuthResult.Denied.class);
    assertNoLeak(result);
  }

  @Test
  void conflictingCredentialsLeakNothing() {
    AuthRequest request =
        TestRequests.request().header("Authorization", "Bearer " + SECRET).header("X-API-Key", SECRET + "2").build();
    AuthResult result = chain(InMemoryCredentialSource.create()).authenticate(request);
    assertThat(((AuthResult.Denied) result).reason()).isEqualTo(Reason.CONFLICTING_CREDENTIALS);
    assertNoLeak(result);
  }

  @Test
  void sourceThatPutsTheSecretInItsExceptionLeaksNothing() {
    ScriptedSource careless =
        ScriptedSource.throwing(
            "careless", new IllegalStateException("lookup failed for " + SECRET, new RuntimeException("key=" + SECRET)));
    AuthResult result = chain(careless).authenticate(TestRequests.bearer(SECRET));

    assertThat(((AuthResult.Denied) result).reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
    assertThat(CapturingLogProvider.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("careless")
                    .contains(Secret.of(SECRET).fingerprint())
                    .contains("java.lang.IllegalStateException <- java.lang.RuntimeException"));
    assertNoLeak(result);
  }

  @Test
  void exceptionQuotingAnEncodedSecretLeaksNothing() {
    String encoded = java.net.URLEncoder.encode(SECRET + "+/=", StandardCharsets.UTF_8);
    ScriptedSource careless = ScriptedSource.throwing("careless", new IllegalStateException("GET /check?token=" + encoded));
    AuthResult result = chain(careless).authenticate(TestRequests.bearer(SECRET + "+/="));
    assertNoLeak(result);
    assertThat(String.join("\n", CapturingLogProvider.lines())).doesNotContain(encoded);
  }

  @Test
  void unavailableVerdictWithACauseQuotingTheSecretLeaksNothing() {
    ScriptedSource careless =
        ScriptedSource.answering("careless", Verdict.unavailable("store down", new java.io.IOException("token=" + SECRET)));
    AuthResult result = chain(careless).authenticate(TestRequests.bearer(SECRET));
    Verdict shown = result.explain().steps().get(0).verdict();
    assertThat(shown).isEqualTo(Verdict.unavailable("store down (java.io.IOException)"));
    assertNoLeak(result);
  }

  @Test
  void verdictDetailQuotingTheSecretIsRedacted() {
    ScriptedSource careless = ScriptedSource.answering("careless", Verdict.abstain("unknown key " + SECRET));
    AuthResult result = chain(careless).authenticate(TestRequests.bearer(SECRET));
    assertThat(result.explain().steps().get(0).verdict()).isEqualTo(Verdict.abstain("unknown key [REDACTED]"));
    assertNoLeak(result);
  }

  @Test
  void basicAndQueryCarriersLeakNothing() {
    Authenticator auth =
        Latchkey.builder()
            .source(InMemoryCredentialSource.create())
            .carriers(CredentialCarrier.basicPassword(), CredentialCarrier.queryParameter("api_key"))
            .listener(events::add)
            .listener(new Slf4jAuditListener())
            .build();
    String basic = Base64.getEncoder().encodeToString(("user:" + SECRET).getBytes(StandardCharsets.UTF_8));
    assertNoLeak(auth.authenticate(TestRequests.request().header("Authorization", "Basic " + basic).build()));
    assertNoLeak(auth.authenticate(TestRequests.request().queryParameter("api_key", SECRET).build()));
  }

  @Test
  void rejectionLeaksNothing() {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add(SECRET, "alice");
    keys.setDisabled("alice", true);
    AuthResult result = chain(keys).authenticate(TestRequests.bearer(SECRET));
    assertThat(((AuthResult.Denied) result).reason()).isEqualTo(Reason.DISABLED);
    assertNoLeak(result);
  }

  @Test
  void requestToStringShowsNoQueryValueNorBasicPassword() {
    String basic = Base64.getEncoder().encodeToString(("user:" + SECRET).getBytes(StandardCharsets.UTF_8));
    SecretLeakCheck.of(SECRET)
        .values(
            TestRequests.request().rawQuery("api_key=" + SECRET + "&x=1").build(),
            TestRequests.request().queryParameter("api_key", SECRET).build(),
            TestRequests.request().header("Authorization", "Basic " + basic).build())
        .assertNoLeak();
  }

  @Test
  void requestToStringShowsHeaderNamesNotValues() {
    assertThat(TestRequests.bearer(SECRET).toString()).contains("authorization").doesNotContain(SECRET);
  }
}
