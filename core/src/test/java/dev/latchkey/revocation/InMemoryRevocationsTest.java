package dev.latchkey.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.Principal;
import dev.latchkey.revocation.Revocations.Kind;
import dev.latchkey.revocation.Revocations.Status;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The in-process revocation set: what each kind refuses, until when, and what listeners hear. */
class InMemoryRevocationsTest {
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryRevocations set = InMemoryRevocations.create(clock);

  private Principal token(String subject, String jti, Instant issuedAt) {
    return Principal.builder(subject, "jwt").credentialId(jti).issuedAt(issuedAt).build();
  }

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  @Test
  void aRevokedJtiIsRefusedUntilItsUntilAndNotAfter() {
    Principal alice = token("alice", "jti-1", clock.instant());
    set.revoke(Revocation.token("jti-1", in(Duration.ofMinutes(5))));

    Status during = set.check(alice, Kind.TOKEN);
    clock.advance(Duration.ofMinutes(5));
    Status after = set.check(alice, Kind.TOKEN);

    assertThat(List.of(during, after)).containsExactly(Status.REVOKED, Status.NOT_REVOKED);
    assertThat(set.check(token("alice", "jti-2", clock.instant()), Kind.TOKEN)).isEqualTo(Status.NOT_REVOKED);
  }

  @Test
  void aSubjectRevocationRefusesTokensIssuedBeforeTheInstantAndAcceptsLaterOnes() {
    Instant logout = clock.instant();
    set.revoke(Revocation.subject("alice", logout));

    assertThat(set.check(token("alice", "old", logout.minusSeconds(1)), Kind.TOKEN)).isEqualTo(Status.REVOKED);
    assertThat(set.check(token("alice", "new", logout), Kind.TOKEN)).isEqualTo(Status.NOT_REVOKED);
    assertThat(set.check(token("bob", "other", logout.minusSeconds(1)), Kind.TOKEN)).isEqualTo(Status.NOT_REVOKED);
  }

  @Test
  void aSubjectRevocationRefusesATokenWithoutAnIssueTime() {
    set.revoke(Revocation.subject("alice", clock.instant()));

    Principal noIat = Principal.builder("alice", "jwt").credentialId("jti").build();

    assertThat(set.check(noIat, Kind.TOKEN)).isEqualTo(Status.REVOKED);
  }

  @Test
  void aRevokedKeyIdRefusesTheKeyButNotATokenWhoseJtiIsTheSameText() {
    set.revoke(Revocation.key("ADMIN_API_KEY"));
    Principal key = Principal.builder("admin", "env").credentialId("ADMIN_API_KEY").build();
    Principal token = token("admin", "ADMIN_API_KEY", clock.instant());

    assertThat(set.check(key, Kind.KEY)).isEqualTo(Status.REVOKED);
    assertThat(set.check(token, Kind.TOKEN)).isEqualTo(Status.NOT_REVOKED);
    clock.advance(Duration.ofDays(3650));
    assertThat(set.check(key, Kind.KEY)).as("a key revoked without until stays revoked").isEqualTo(Status.REVOKED);
  }

  @Test
  void aSubjectRevocationNeverConcernsApiKeys() {
    set.revoke(Revocation.subject("admin", in(Duration.ofMinutes(1))));

    Principal key = Principal.builder("admin", "env").credentialId("ADMIN_API_KEY").build();

    assertThat(set.check(key, Kind.KEY)).isEqualTo(Status.NOT_REVOKED);
  }

  @Test
  void revokingAgainWidensTheEntryAndNeverNarrowsIt() {
    set.revoke(Revocation.token("jti-1", in(Duration.ofMinutes(10))));
    set.revoke(Revocation.token("jti-1", in(Duration.ofMinutes(1))));
    set.revoke(Revocation.subject("alice", in(Duration.ofMinutes(2))));
    set.revoke(Revocation.subject("alice", in(Duration.ofMinutes(1)), in(Duration.ofHours(1))));

    clock.advance(Duration.ofMinutes(5));

    assertThat(set.check(token("x", "jti-1", clock.instant()), Kind.TOKEN)).isEqualTo(Status.REVOKED);
    assertThat(set.check(token("alice", "t", clock.instant().minus(Duration.ofMinutes(4))), Kind.TOKEN))
        .as("the later issuedBefore is kept, and never-ending beats an until").isEqualTo(Status.REVOKED);
    assertThat(set.size()).isEqualTo(2);
  }

  @Test
  void anUntilThatIsNotInTheFutureIsRefusedAndNothingIsRevoked() {
    IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
        () -> set.revoke(Revocation.token("jti-1", clock.instant())));

    assertThat(refused).hasMessage("a revocation's until must be in the future");
    assertThat(set.size()).isZero();
  }

  @Test
  void endedEntriesArePurgedByTheBackgroundTask() {
    ManualBackground background = ManualBackground.on(clock);
    set.start(background);
    set.revoke(Revocation.token("short", in(Duration.ofMinutes(1))));
    set.revoke(Revocation.token("long", in(Duration.ofHours(1))));
    set.revoke(Revocation.key("forever"));

    clock.advance(Duration.ofMinutes(2));
    background.runAll();

    assertThat(background.scheduled()).containsExactly("every PT1M: purge ended revocations");
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.check(token("x", "long", clock.instant()), Kind.TOKEN)).isEqualTo(Status.REVOKED);
  }

  @Test
  void listenersHearEachChangeOnceAsMergedAndNothingAfterCancelling() {
    List<Revocation> heard = new CopyOnWriteArrayList<>();
    Revocations.Registration registration = set.listen(heard::add);
    Instant until = in(Duration.ofMinutes(5));

    set.revoke(Revocation.token("jti-1", until));
    set.merge(Revocation.token("jti-1", until));
    set.merge(Revocation.token("jti-1", until.minusSeconds(60)));
    set.merge(Revocation.token("gone", clock.instant().minusSeconds(1)));
    registration.cancel();
    set.revoke(Revocation.key("k1"));

    assertThat(heard).containsExactly(Revocation.token("jti-1", until));
  }

  @Test
  void aListenerThatThrowsDoesNotKeepTheRevocationFromOthers() {
    List<Revocation> heard = new CopyOnWriteArrayList<>();
    set.listen(r -> {
      throw new IllegalStateException("broken listener");
    });
    set.listen(heard::add);

    set.revoke(Revocation.key("k1"));

    assertThat(heard).containsExactly(Revocation.key("k1"));
    assertThat(set.check(Principal.builder("svc", "keys").credentialId("k1").build(), Kind.KEY)).isEqualTo(Status.REVOKED);
  }
}
