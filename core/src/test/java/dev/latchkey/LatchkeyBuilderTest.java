package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testing.TestRequests;
import org.junit.jupiter.api.Test;

class LatchkeyBuilderTest {
  @Test
  void refusesToBuildWithoutSources() {
    assertThatThrownBy(() -> Latchkey.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no credential source was added; call source(...) first");
  }

  @Test
  void refusesTwoSourcesWithTheSameId() {
    Latchkey.Builder b =
        Latchkey.builder().source(InMemoryCredentialSource.create()).source(InMemoryCredentialSource.create());
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two credential sources share the id 'in-memory'");
  }

  @Test
  void refusesDuplicateOrEmptyCarrierLists() {
    assertThatThrownBy(() -> Latchkey.builder().carriers()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latchkey.builder().carriers(CredentialCarrier.bearer(), CredentialCarrier.bearer()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesInvalidHeaderCarrierNames() {
    assertThatThrownBy(() -> CredentialCarrier.header("X Api Key")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CredentialCarrier.header("authorization")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesRealmsWithControlCharacters() {
    assertThatThrownBy(() -> Latchkey.builder().realm("a\r\nSet-Cookie: x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void messageOverrideReplacesThePublicMessage() {
    Authenticator auth =
        Latchkey.builder()
            .source(InMemoryCredentialSource.create())
            .message(Reason.INVALID_CREDENTIAL, "Unauthorized: Invalid or missing token")
            .build();
    AuthResult.Denied d = (AuthResult.Denied) auth.authenticate(TestRequests.bearer("x"));
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Unauthorized: Invalid or missing token\"}");
  }

  @Test
  void builtAuthenticatorIgnoresLaterBuilderChanges() {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add("k", "alice");
    Latchkey.Builder b = Latchkey.builder().source(keys);
    Authenticator auth = b.build();
    b.message(Reason.INVALID_CREDENTIAL, "changed");
    assertThat(((AuthResult.Denied) auth.authenticate(TestRequests.bearer("x"))).message()).isEqualTo("Invalid API key");
  }

  @Test
  void sourceReturningNullCountsAsUnavailable() {
    Authenticator auth = Latchkey.builder().source(new ScriptedSource("null", c -> null)).build();
    AuthResult.Denied d = (AuthResult.Denied) auth.authenticate(TestRequests.bearer("x"));
    assertThat(d.reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
    assertThat(d.status()).isEqualTo(503);
    assertThat(d.headers()).isEmpty();
  }

  @Test
  void throwingSourceIsUnavailableAndTheChainContinues() {
    ScriptedSource broken = ScriptedSource.throwing("broken", new IllegalStateException("boom"));
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add("k", "alice");
    AuthResult r = Latchkey.builder().source(broken).source(keys).build().authenticate(TestRequests.bearer("k"));

    assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(r.explain().steps().get(0).verdict())
        .isEqualTo(Verdict.unavailable("threw java.lang.IllegalStateException"));
  }

  @Test
  void sourceThrowingAnErrorIsUnavailableNotThrownToTheHost() {
    ScriptedSource overflowing =
        new ScriptedSource(
            "deep",
            c -> {
              throw new StackOverflowError();
            });
    AuthResult r = Latchkey.builder().source(overflowing).build().authenticate(TestRequests.bearer("x"));
    assertThat(((AuthResult.Denied) r).reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
    assertThat(r.explain().steps().get(0).verdict()).isEqualTo(Verdict.unavailable("threw java.lang.StackOverflowError"));
  }

  @Test
  void sourceMissingAClassIsUnavailableNotThrownToTheHost() {
    ScriptedSource broken =
        new ScriptedSource(
            "linkage",
            c -> {
              throw new NoClassDefFoundError("org/bouncycastle/Missing");
            });
    AuthResult r = Latchkey.builder().source(broken).build().authenticate(TestRequests.bearer("x"));
    assertThat(((AuthResult.Denied) r).reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
  }

  @Test
  void listenerThrowingAnErrorChangesNothing() {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add("k", "alice");
    AuthResult r =
        Latchkey.builder()
            .source(keys)
            .listener(
                e -> {
                  throw new AssertionError("listener assertion");
                })
            .build()
            .authenticate(TestRequests.bearer("k"));
    assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void sourceIdIsFixedWhenTheChainIsBuilt() {
    java.util.concurrent.atomic.AtomicReference<String> id = new java.util.concurrent.atomic.AtomicReference<>("fickle");
    CredentialSource fickle =
        new CredentialSource() {
          @Override
          public String id() {
            return id.get();
          }

          @Override
          public Verdict verify(Credential credential) {
            return Verdict.abstain();
          }
        };
    Authenticator auth = Latchkey.builder().source(fickle).build();
    id.set(null);
    AuthResult r = auth.authenticate(TestRequests.bearer("x"));
    assertThat(((AuthResult.Denied) r).reason()).isEqualTo(Reason.INVALID_CREDENTIAL);
    assertThat(r.explain().steps().get(0).sourceId()).isEqualTo("fickle");
  }

  @Test
  void rejectionFromASourceIs401WithInvalidTokenChallenge() {
    AuthResult r =
        Latchkey.builder()
            .source(ScriptedSource.answering("s", Verdict.reject(Reason.EXPIRED, "expired yesterday")))
            .build()
            .authenticate(TestRequests.bearer("x"));
    AuthResult.Denied d = (AuthResult.Denied) r;
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.toJson()).isEqualTo("{\"error\":\"Token expired\"}");
    assertThat(d.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"latchkey\", error=\"invalid_token\"");
  }

  @Test
  void sourcesCannotRejectWithReasonsOnlyTheAuthenticatorDecides() {
    for (Reason reason : java.util.List.of(Reason.MISSING_CREDENTIAL, Reason.RATE_LIMITED, Reason.SOURCE_UNAVAILABLE, Reason.INTERNAL_ERROR)) {
      assertThatThrownBy(() -> Verdict.reject(reason, "x")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void basicOnlyChainChallengesWithBasic() {
    Authenticator auth =
        Latchkey.builder().source(InMemoryCredentialSource.create()).carriers(CredentialCarrier.basicPassword()).build();
    AuthResult.Denied d = (AuthResult.Denied) auth.authenticate(TestRequests.anonymous());
    assertThat(d.headers()).containsExactly(java.util.Map.entry("WWW-Authenticate", "Basic realm=\"latchkey\""));
  }

  @Test
  void headerCarriersDifferingOnlyInCaseAreTheSameCarrier() {
    assertThatThrownBy(() -> Latchkey.builder().carriers(CredentialCarrier.header("X-API-Key"), CredentialCarrier.header("x-api-key")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyTraceIsAvailableForHostTestDoubles() {
    AuthResult stub = new AuthResult.Authenticated(Principal.builder("u", "stub").build(), AuthTrace.empty());
    assertThat(stub.explain().steps()).isEmpty();
    assertThat(stub.explain().credentialFingerprint()).isEmpty();
  }

  @Test
  void brokenRequestViewIsDeniedAsInternalErrorNotThrown() {
    AuthRequest broken =
        new AuthRequest() {
          @Override
          public java.util.List<String> headers(String name) {
            throw new IllegalStateException("adapter bug");
          }

          @Override
          public java.util.List<String> queryParameters(String name) {
            return java.util.List.of();
          }

          @Override
          public java.util.Optional<java.net.InetAddress> remoteAddress() {
            return java.util.Optional.empty();
          }

          @Override
          public String method() {
            return "GET";
          }

          @Override
          public String path() {
            return "/";
          }
        };
    AuthResult r = Latchkey.builder().source(InMemoryCredentialSource.create()).build().authenticate(broken);
    assertThat(r).isInstanceOf(AuthResult.Denied.class);
    assertThat(((AuthResult.Denied) r).reason()).isEqualTo(Reason.INTERNAL_ERROR);
    assertThat(((AuthResult.Denied) r).status()).isEqualTo(500);
  }

  @Test
  void explainTraceListsEachSourceVerdict() {
    InMemoryCredentialSource keys = InMemoryCredentialSource.create().add("k", "alice", "admin");
    AuthResult r =
        Latchkey.builder()
            .source(ScriptedSource.answering("first", Verdict.abstain("not a JWT")))
            .source(keys)
            .build()
            .authenticate(TestRequests.bearer("k"));

    assertThat(r.explain().toString())
        .isEqualTo(
            "credential: found in Authorization: Bearer (" + Secret.of("k").fingerprint() + ")\n"
                + "source first: ABSTAIN not a JWT\n"
                + "source in-memory: ACCEPT alice [admin]");
  }

  @Test
  void deniedJsonEscapesTheMessage() {
    Authenticator auth =
        Latchkey.builder().source(InMemoryCredentialSource.create()).message(Reason.INVALID_CREDENTIAL, "say \"no\"\\\n").build();
    assertThat(((AuthResult.Denied) auth.authenticate(TestRequests.bearer("x"))).toJson())
        .isEqualTo("{\"error\":\"say \\\"no\\\"\\\\\\n\"}");
  }
}
