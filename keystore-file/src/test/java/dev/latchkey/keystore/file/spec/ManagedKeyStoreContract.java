package dev.latchkey.keystore.file.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.ContentApiType;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyKind;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.KeyStoreException;
import dev.latchkey.keystore.file.Lifespan;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.file.ManagedKeyStoreBuilder;
import dev.latchkey.keystore.file.StoredKey;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed key store's lifecycle, whatever keeps the keys: every storage's tests extend this suite
 * with a way to open a store on a fresh, empty storage that outlives the store (so reopening finds the
 * keys).
 */
public abstract class ManagedKeyStoreContract {
  /** When every test starts. */
  protected static final Instant START = Instant.parse("2026-11-30T12:00:00Z");
  /** A key Omnidev's file holds as {@link #OMNIDEV_HASH}. */
  protected static final String OMNIDEV_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
  /** The bcrypt hash of {@link #OMNIDEV_KEY}. */
  protected static final String OMNIDEV_HASH = "$2b$10$abcdefghijklmnopqrstuuvC5nRdN5nkKyDnD2WXbh8rhUSo/8AyK";

  /** The clock every store of a test reads; tests move it. */
  protected final MutableClock clock = MutableClock.at(START);
  @TempDir protected Path dir;
  private final List<ManagedKeyStore> opened = new ArrayList<>();

  /**
   * A builder for a store on this test's storage, with no background work.
   *
   * @return a builder; the suite sets the clock and anything else it needs
   */
  protected abstract ManagedKeyStoreBuilder<?> builder();

  /**
   * Opens what {@code builder} configures.
   *
   * @param builder a builder from {@link #builder()}
   * @return the store
   */
  protected abstract ManagedKeyStore open(ManagedKeyStoreBuilder<?> builder);

  /**
   * The source id stores of this storage have by default.
   *
   * @return the id
   */
  protected abstract String defaultSourceId();

  /** A store on this test's storage, on the test's clock. */
  protected ManagedKeyStore store() {
    ManagedKeyStore store = open(builder().clock(clock));
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ManagedKeyStore::close);
  }

  protected static Verdict verify(ManagedKeyStore store, Secret secret) {
    return store.verify(Credential.bearer(secret.expose()));
  }

  @Test
  void aCreatedKeyAuthenticatesAsItsNameWithRolesOwnerAndKeyId() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").roles("deploy", "read").owner("alice").build());

    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.accept(new Principal(
        "ci-bot", Set.of("deploy", "read"), defaultSourceId(), Optional.of(issued.key().id()), Optional.of("alice"), Optional.empty(),
        Map.of("kind", "generic"))));
  }

  @Test
  void listShowsEveryKeyInCreationOrderWithoutSecrets() {
    ManagedKeyStore store = store();
    IssuedKey first = store.create(KeyRequest.named("one").description("first key").build());
    IssuedKey second = store.create(KeyRequest.named("two").contentApi(ContentApiType.READ_ONLY).build());

    assertThat(store.list()).containsExactly(first.key(), second.key());
    assertThat(store.list().get(1).kind()).isEqualTo(KeyKind.CONTENT_API);
    assertThat(store.list().toString()).doesNotContain(first.secret().expose());
    assertThat(store.get(first.key().id()).flatMap(StoredKey::description)).contains("first key");
  }

  @Test
  void keysSurviveReopeningTheStore() {
    IssuedKey issued = store().create(KeyRequest.named("ci-bot").roles("deploy").allowedIps(List.of("10.0.0.0/8")).build());

    ManagedKeyStore reopened = store();

    assertThat(reopened.list()).containsExactly(issued.key());
    assertThat(verify(reopened, issued.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aRevokedKeyIsRejectedAsRevokedAndKeepsItsFirstRevocationTime() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    store.revoke(issued.key().id());
    clock.advance(Duration.ofMinutes(5));

    assertThat(store.revoke(issued.key().id()).revokedAt()).contains(START);
    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.reject(Reason.REVOKED, "key '" + issued.key().id() + "' is revoked"));
  }

  @Test
  void aDeletedKeyIsNoLongerRecognised() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    assertThat(store.delete(issued.key().id())).isTrue();
    assertThat(store.delete(issued.key().id())).isFalse();
    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.abstain("no such key"));
    assertThat(store.size()).isZero();
  }

  @Test
  void sizeAndLookupCountKeysNotTheReplacedSecretsInTheirGrace() {
    ManagedKeyStore store = store();
    IssuedKey first = store.create(KeyRequest.named("first").build());
    store.createAll(List.of(KeyRequest.named("second").build(), KeyRequest.named("third").build()));
    store.regenerate(first.key().id(), Duration.ofHours(1));

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.get(first.key().id() + "#previous")).isEmpty();
    assertThat(store.get(first.key().id()).flatMap(StoredKey::previousSecretValidUntil)).contains(START.plus(Duration.ofHours(1)));
    store.revoke(first.key().id());
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.delete(first.key().id())).isTrue();
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.list()).extracting(StoredKey::name).containsExactly("second", "third");
  }

  @Test
  void aKeyPastItsLifespanIsRejectedAsExpired() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("short").lifespan(Lifespan.DAYS_7).build());

    clock.advance(Duration.ofDays(7));

    assertThat(issued.key().expiresAt()).contains(START.plus(Duration.ofDays(7)));
    assertThat(verify(store, issued.secret()))
        .isEqualTo(Verdict.reject(Reason.EXPIRED, "key '" + issued.key().id() + "' expired at " + START.plus(Duration.ofDays(7))));
  }

  @Test
  void aRegeneratedKeysOldSecretWorksUntilItsGraceEndsAndTheFlushThenDropsIt() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("rolling").build());
    IssuedKey renewed = store.regenerate(issued.key().id(), Duration.ofHours(1));

    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
    assertThat(verify(store, renewed.secret())).isInstanceOf(Verdict.Accept.class);
    clock.advance(Duration.ofHours(1));
    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.reject(Reason.REVOKED,
        "the replaced secret of key '" + issued.key().id() + "' stopped working at " + START.plus(Duration.ofHours(1))));
    store.flushUsage();

    assertThat(store.get(issued.key().id()).flatMap(StoredKey::previousSecretValidUntil)).isEmpty();
    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.abstain("no such key"));
    assertThat(verify(store, renewed.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aRevokedKeyCannotBeRegenerated() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("gone").build());
    store.revoke(issued.key().id());

    assertThatThrownBy(() -> store.regenerate(issued.key().id(), Duration.ZERO))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.INVALID_REQUEST))
        .hasMessage("key '" + issued.key().id() + "' is revoked and cannot be regenerated");
  }

  @Test
  void operationsOnAnUnknownKeySayWhichId() {
    ManagedKeyStore store = store();

    assertThatThrownBy(() -> store.revoke("key_missing")).hasMessage("no key has the id 'key_missing'");
    assertThatThrownBy(() -> store.regenerate("key_missing", Duration.ZERO)).hasMessage("no key has the id 'key_missing'");
  }

  @Test
  void aNameAlreadyInTheStoreIsRefusedAndABatchThatRepeatsANameMakesNoKey() {
    ManagedKeyStore store = store();
    store.create(KeyRequest.named("taken").build());

    assertThatThrownBy(() -> store.create(KeyRequest.named("taken").build()))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.DUPLICATE_NAME));
    assertThatThrownBy(() -> store.createAll(List.of(KeyRequest.named("new").build(), KeyRequest.named("new").build())))
        .isInstanceOf(KeyStoreException.class);
    assertThat(store.create(KeyRequest.named("taken").allowDuplicateName().build()).key().name()).isEqualTo("taken");
    assertThat(store.list()).extracting(StoredKey::name).containsExactly("taken", "taken");
  }

  @Test
  void createAllMakesEveryKeyInOneWrite() {
    ManagedKeyStore store = store();
    List<KeyRequest> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add(KeyRequest.named("bulk-" + i).build());
    }

    List<IssuedKey> issued = store.createAll(requests);

    assertThat(store.size()).isEqualTo(50);
    assertThat(issued).allSatisfy(k -> assertThat(verify(store, k.secret())).isInstanceOf(Verdict.Accept.class));
  }

  @Test
  void theOwnerRulesHoldForViewRegenerateAndDeletion() {
    ManagedKeyStore store = open(builder().clock(clock).encryptionKey(Secret.of("an encryption key for the tests")));
    IssuedKey mine = store.create(KeyRequest.named("alice-key").owner("alice").viewable(true).build());
    store.create(KeyRequest.named("bob-key").owner("bob").build());

    assertThat(store.view(mine.key().id(), "alice").expose()).isEqualTo(mine.secret().expose());
    assertThatThrownBy(() -> store.regenerateAsOwner(mine.key().id(), "bob", Duration.ZERO))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NOT_OWNER));
    assertThat(store.listOwnedBy("alice")).extracting(StoredKey::id).containsExactly(mine.key().id());
    assertThat(store.deleteKeysOwnedBy("alice")).isEqualTo(1);
    assertThat(store.list()).extracting(StoredKey::name).containsExactly("bob-key");
    store.close();
  }

  @Test
  void aKeysUseIsRecordedAtMostOnceAnHour() {
    ManagedKeyStore store = store();
    IssuedKey issued = store.create(KeyRequest.named("busy").build());
    verify(store, issued.secret());
    store.flushUsage();
    clock.advance(Duration.ofMinutes(30));
    verify(store, issued.secret());
    store.flushUsage();

    assertThat(store().get(issued.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START);
    clock.advance(Duration.ofMinutes(30));
    verify(store, issued.secret());
    store.flushUsage();
    assertThat(store().get(issued.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START.plus(Duration.ofHours(1)));
  }

  @Test
  void anImportedOmnidevKeyWorksAndItsBcryptHashIsUpgradedAfterItsFirstUse() throws Exception {
    Path omnidev = dir.resolve("api-keys.json");
    Files.writeString(omnidev, "[{\"keyHash\": \"" + OMNIDEV_HASH + "\", \"userId\": \"user-42\", \"createdAt\": \"2025-06-01T10:00:00.000Z\"}]");
    ManagedKeyStore store = store();

    StoredKey imported = store.importOmnidev(omnidev).get(0);
    assertThat(store.verify(Credential.bearer(OMNIDEV_KEY))).isInstanceOf(Verdict.Accept.class);
    store.flushUsage();

    assertThat(imported.hashFormat()).isEqualTo("bcrypt");
    assertThat(store().get(imported.id()).map(StoredKey::hashFormat)).contains("sha256");
    assertThat(store.importOmnidev(omnidev)).isEmpty();
    assertThat(store.verify(Credential.bearer(OMNIDEV_KEY))).isInstanceOf(Verdict.Accept.class);
  }
}
