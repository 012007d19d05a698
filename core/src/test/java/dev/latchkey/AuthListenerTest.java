package dev.latchkey;

import dev.latchkey.testing.CapturingLogProvider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.TestRequests;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AuthListenerTest {
  private static final String KEY = "listener-test-key";

  private final MutableClock clock = MutableClock.standard();
  private final InMemoryCredentialSource keys = InMemoryCredentialSource.create("keys", clock).add(KEY, "alice", "r");
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void authenticatedRequestProducesAFullEvent() {
    Authenticator auth = Latchkey.builder().source(keys).clock(clock).listener(events::add).build();

    auth.authenticate(TestRequests.bearer(KEY));

    assertThat(events).hasSize(1);
    AuthEvent e = events.get(0);
    assertThat(e.time()).isEqualTo(clock.instant());
    assertThat(e.outcome()).isEqualTo(AuthEvent.Outcome.AUTHENTICATED);
    assertThat(e.reason()).isEmpty();
    assertThat(e.status()).isEmpty();
    assertThat(e.principalName()).contains("alice");
    assertThat(e.sourceId()).contains("keys");
    assertThat(e.credentialFingerprint()).contains(Secret.of(KEY).fingerprint());
    assertThat(e.clientAddress()).contains(TestRequests.CLIENT_ADDRESS);
    assertThat(e.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(e.carrier()).contains(CredentialCarrier.bearer());
  }

  @Test
  void anEventRenderedOnDemandEqualsTheEventBuiltFromItsComponentsAndPrintsLikeIt() {
    Authenticator auth = Latchkey.builder().source(keys).clock(clock).listener(events::add).build();
    auth.authenticate(AuthRequest.builder().remoteAddress("2001:db8:0:0:0:0:0:1").header("Authorization", "Bearer " + KEY).build());
    AuthEvent made = events.get(0);

    AuthEvent built =
        new AuthEvent(
            clock.instant(),
            AuthEvent.Outcome.AUTHENTICATED,
            Optional.empty(),
            Optional.empty(),
            Optional.of("alice"),
            Optional.of("keys"),
            Optional.of(Secret.of(KEY).fingerprint()),
            Optional.of("2001:db8:0:0:0:0:0:1"),
            made.duration(),
            Optional.of(CredentialCarrier.bearer()));

    assertThat(made).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(made.toString())
        .isEqualTo(built.toString())
        .isEqualTo("AuthEvent[time=" + clock.instant() + ", outcome=AUTHENTICATED, reason=Optional.empty, "
            + "status=Optional.empty, principalName=Optional[alice], sourceId=Optional[keys], "
            + "credentialFingerprint=Optional[" + Secret.of(KEY).fingerprint() + "], "
            + "clientAddress=Optional[2001:db8:0:0:0:0:0:1], duration=" + made.duration()
            + ", carrier=Optional[" + CredentialCarrier.bearer() + "]]");
  }

  @Test
  void anEventKeepsAStatusGivenWithoutAReasonAndAReasonGivenWithoutAStatus() {
    AuthEvent statusOnly = new AuthEvent(clock.instant(), AuthEvent.Outcome.DENIED, Optional.empty(), Optional.of(0),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO);
    AuthEvent reasonOnly = new AuthEvent(clock.instant(), AuthEvent.Outcome.DENIED, Optional.of(Reason.REVOKED), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO);

    assertThat(List.of(statusOnly.reason(), statusOnly.status(), reasonOnly.reason(), reasonOnly.status()))
        .containsExactly(Optional.empty(), Optional.of(0), Optional.of(Reason.REVOKED), Optional.empty());
    assertThat(statusOnly).isNotEqualTo(reasonOnly);
  }

  /** A listener that declares it never reads fingerprints. */
  private AuthListener notReadingFingerprints(List<AuthEvent> into) {
    return new AuthListener() {
      @Override
      public void onEvent(AuthEvent event) {
        into.add(event);
      }

      @Override
      public boolean readsCredentialFingerprint() {
        return false;
      }
    };
  }

  @Test
  void whenNoListenerReadsFingerprintsEventsAreMadeWithoutThem() {
    Authenticator auth = Latchkey.builder().source(keys).listener(notReadingFingerprints(events)).build();

    auth.authenticate(TestRequests.bearer(KEY));

    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.credentialFingerprint()).isEmpty();
      assertThat(e.principalName()).contains("alice");
      assertThat(e.carrier()).contains(CredentialCarrier.bearer());
    });
  }

  @Test
  void oneListenerThatReadsFingerprintsGetsThemForEveryListener() {
    List<AuthEvent> other = new CopyOnWriteArrayList<>();
    Authenticator auth =
        Latchkey.builder().source(keys).listener(notReadingFingerprints(other)).listener(events::add).build();

    auth.authenticate(TestRequests.bearer(KEY));

    assertThat(List.of(events.get(0).credentialFingerprint(), other.get(0).credentialFingerprint()))
        .containsExactly(Optional.of(Secret.of(KEY).fingerprint()), Optional.of(Secret.of(KEY).fingerprint()));
  }

  @Test
  void theEventNamesTheCarrierTheCredentialCameInAndNoneWhenNoneWasPresented() {
    Authenticator auth = Latchkey.builder().source(keys).listener(events::add).build();

    auth.authenticate(TestRequests.apiKey(KEY));
    auth.authenticate(TestRequests.anonymous());

    assertThat(events).extracting(AuthEvent::carrier).containsExactly(Optional.of(CredentialCarrier.apiKeyHeader()), Optional.empty());
  }

  @Test
  void deniedRequestProducesAnEventWithReasonAndStatus() {
    Authenticator auth = Latchkey.builder().source(keys).clock(clock).listener(events::add).build();

    auth.authenticate(TestRequests.bearer("wrong"));

    AuthEvent e = events.get(0);
    assertThat(e.outcome()).isEqualTo(AuthEvent.Outcome.DENIED);
    assertThat(e.reason()).contains(Reason.INVALID_CREDENTIAL);
    assertThat(e.status()).contains(401);
    assertThat(e.principalName()).isEmpty();
    assertThat(e.sourceId()).isEmpty();
    assertThat(e.credentialFingerprint()).contains(Secret.of("wrong").fingerprint());
  }

  @Test
  void rejectionEventNamesTheRejectingSource() {
    keys.setDisabled("alice", true);
    Authenticator auth = Latchkey.builder().source(keys).listener(events::add).build();

    auth.authenticate(TestRequests.bearer(KEY));

    assertThat(events.get(0).sourceId()).contains("keys");
    assertThat(events.get(0).reason()).contains(Reason.DISABLED);
  }

  @Test
  void failingListenerChangesNothingAndLaterListenersStillRun() {
    AuthListener failing =
        e -> {
          throw new IllegalStateException("listener bug");
        };
    Authenticator auth = Latchkey.builder().source(keys).listener(failing).listener(events::add).build();

    AuthResult result = auth.authenticate(TestRequests.bearer(KEY));

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(events).hasSize(1);
  }

  @Test
  void failingListenerIsLoggedByClassOnly() {
    CapturingLogProvider.clear();
    AuthListener failing =
        e -> {
          throw new IllegalStateException("listener bug");
        };
    Latchkey.builder().source(keys).listener(failing).build().authenticate(TestRequests.bearer(KEY));

    assertThat(CapturingLogProvider.lines())
        .anySatisfy(line -> assertThat(line).startsWith("WARN").contains("IllegalStateException"))
        .noneSatisfy(line -> assertThat(line).contains("listener bug"));
  }

  @Test
  void eventIsPublishedEvenWhenTheRequestCannotGiveItsAddress() {
    AuthRequest noAddress =
        new AuthRequest() {
          private final AuthRequest delegate = TestRequests.bearer("wrong");

          @Override
          public List<String> headers(String name) {
            return delegate.headers(name);
          }

          @Override
          public List<String> queryParameters(String name) {
            return delegate.queryParameters(name);
          }

          @Override
          public Optional<java.net.InetAddress> remoteAddress() {
            throw new IllegalStateException("connection already closed");
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
    Latchkey.builder().source(keys).listener(events::add).build().authenticate(noAddress);

    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.reason()).contains(Reason.INVALID_CREDENTIAL);
      assertThat(e.clientAddress()).isEmpty();
    });
  }

  @Test
  void auditLineHasEveryField() {
    AuthEvent event =
        new AuthEvent(
            clock.instant(),
            AuthEvent.Outcome.DENIED,
            Optional.of(Reason.INVALID_CREDENTIAL),
            Optional.of(401),
            Optional.empty(),
            Optional.empty(),
            Optional.of("fp_0123456789abcdef"),
            Optional.of("203.0.113.9"),
            Duration.ofNanos(41_500));

    assertThat(Slf4jAuditListener.format(event))
        .isEqualTo(
            "outcome=DENIED reason=INVALID_CREDENTIAL status=401 principal=- source=- "
                + "credential=fp_0123456789abcdef client=203.0.113.9 micros=41");
  }

  @Test
  void auditLineCannotBeSplitByControlCharactersInValues() {
    AuthEvent event =
        new AuthEvent(
            clock.instant(),
            AuthEvent.Outcome.AUTHENTICATED,
            Optional.empty(),
            Optional.empty(),
            Optional.of("eve\noutcome=AUTHENTICATED principal=admin"),
            Optional.of("keys"),
            Optional.empty(),
            Optional.empty(),
            Duration.ZERO);

    assertThat(Slf4jAuditListener.format(event))
        .doesNotContain("\n")
        .contains("principal=eve_outcome=AUTHENTICATED_principal=admin ");
  }

  @Test
  void auditListenerLogsDenialsAtInfoAndOutagesAtWarn() {
    CapturingLogProvider.clear();
    Authenticator auth =
        Latchkey.builder()
            .source(ScriptedSource.answering("down", Verdict.unavailable("store unreadable")))
            .listener(new Slf4jAuditListener())
            .build();

    auth.authenticate(TestRequests.anonymous());
    auth.authenticate(TestRequests.bearer("x"));

    assertThat(CapturingLogProvider.lines())
        .filteredOn(l -> l.contains(Slf4jAuditListener.LOGGER_NAME))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("INFO dev.latchkey.audit outcome=DENIED reason=MISSING_CREDENTIAL"),
            l -> assertThat(l).startsWith("WARN dev.latchkey.audit outcome=DENIED reason=SOURCE_UNAVAILABLE status=503"));
  }
}
