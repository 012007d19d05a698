package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryCredentialSourceTest {
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryCredentialSource source = InMemoryCredentialSource.create("mem", clock);

  private static Verdict.Accept accepted(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Accept.class);
    return (Verdict.Accept) v;
  }

  @Test
  void acceptsAKnownKeyAsItsNamedPrincipal() {
    source.add("key-1", "ci-bot", "read", "write");

    Principal p = accepted(source.verify(Credential.bearer("key-1"))).principal();

    assertThat(p)
        .isEqualTo(
            new Principal(
                "ci-bot",
                Set.of("read", "write"),
                "mem",
                Optional.of("ci-bot"),
                Optional.empty(),
                Optional.empty(),
                java.util.Map.of()));
  }

  @Test
  void abstainsOnAnUnknownKey() {
    source.add("key-1", "ci-bot");
    assertThat(source.verify(Credential.bearer("key-2"))).isEqualTo(Verdict.abstain("no such key"));
  }

  @Test
  void rejectsADisabledKey() {
    source.add("key-1", "ci-bot");
    source.setDisabled("ci-bot", true);
    assertThat(source.verify(Credential.bearer("key-1")))
        .isEqualTo(Verdict.reject(Reason.DISABLED, "key 'ci-bot' is disabled"));
  }

  @Test
  void acceptsAReEnabledKey() {
    source.add("key-1", "ci-bot");
    source.setDisabled("ci-bot", true);
    source.setDisabled("ci-bot", false);
    accepted(source.verify(Credential.bearer("key-1")));
  }

  @Test
  void keyWorksUntilTheInstantBeforeExpiryAndIsRejectedFromExpiryOn() {
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    source.add(Secret.of("key-1"), InMemoryCredentialSource.Key.named("temp").expiringAt(expiry));

    clock.set(expiry.minusNanos(1));
    assertThat(accepted(source.verify(Credential.bearer("key-1"))).principal().expiresAt()).contains(expiry);

    clock.set(expiry);
    assertThat(source.verify(Credential.bearer("key-1")))
        .isEqualTo(Verdict.reject(Reason.EXPIRED, "key 'temp' expired at " + expiry));
  }

  @Test
  void removedKeyAbstains() {
    source.add("key-1", "ci-bot");
    assertThat(source.remove("ci-bot")).isTrue();
    assertThat(source.remove("ci-bot")).isFalse();
    assertThat(source.verify(Credential.bearer("key-1"))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void refusesASecondKeyWithTheSameName() {
    source.add("key-1", "ci-bot");
    assertThatThrownBy(() -> source.add("key-2", "ci-bot"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a key named 'ci-bot' already exists");
  }

  @Test
  void refusesTheSameSecretTwiceWithoutEchoingIt() {
    source.add("key-1", "ci-bot");
    assertThatThrownBy(() -> source.add("key-1", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret of 'other' is already used by 'ci-bot'");
  }

  @Test
  void listsKeysByNameWithoutSecrets() {
    source.add("key-b", "bravo", "r");
    source.add("key-a", "alpha");
    assertThat(source.keys())
        .containsExactly(InMemoryCredentialSource.Key.named("alpha"), InMemoryCredentialSource.Key.named("bravo").withRoles("r"));
    assertThat(source.toString()).isEqualTo("InMemoryCredentialSource[id=mem, keys=2]");
  }

  @Test
  void refusesSecretsThatCouldNeverArriveInARequest() {
    assertThatThrownBy(() -> source.add(" padded ", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret for 'a' contains whitespace");
    assertThatThrownBy(() -> source.add("tab\u0001", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret for 'b' contains a control character");
  }

  @Test
  void refusesNamesAndRolesNoPrincipalCouldHave() {
    assertThatThrownBy(() -> source.add("key-c", "ops\nadmin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a key's name contains a control character");
    assertThatThrownBy(() -> source.add("key-d", "ops", "read\u0000write"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role contains a control character");
    assertThat(source.keys()).isEmpty();
  }

  @Test
  void acceptsAKeyStoredAsASlowHash() {
    source.add(dev.latchkey.hash.KeyHashes.pbkdf2Sha256(Secret.of("human-chosen"), 1000), InMemoryCredentialSource.Key.named("legacy"));
    assertThat(accepted(source.verify(Credential.bearer("human-chosen"))).principal().name()).isEqualTo("legacy");
    assertThat(source.verify(Credential.bearer("human-chosen!"))).isInstanceOf(Verdict.Abstain.class);
  }

  @Test
  void keyRolesAreCopiedAndUnmodifiable() {
    InMemoryCredentialSource.Key key = InMemoryCredentialSource.Key.named("k").withRoles("a");
    assertThatThrownBy(() -> key.roles().add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void removedKeyStaysRemovedWhenDisabledAtTheSameTime() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2000; round++) {
        InMemoryCredentialSource keys = InMemoryCredentialSource.create("mem", clock).add("k" + round, "victim");
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Future<Boolean> removed = pool.submit(() -> { go.await(); return keys.remove("victim"); });
        java.util.concurrent.Future<Boolean> disabled = pool.submit(() -> { go.await(); return keys.setDisabled("victim", true); });
        go.countDown();
        removed.get();
        disabled.get();
        assertThat(keys.keys()).as("round %d", round).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
