package dev.latchkey.keystore.file;

import static dev.latchkey.keystore.file.Stores.START;
import static dev.latchkey.keystore.file.Stores.manual;
import static dev.latchkey.keystore.file.Stores.read;
import static dev.latchkey.keystore.file.Stores.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.OwnerDirectory.OwnerStatus;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strapi's admin-token rules: kinds, owners in Strapi's order, owner-only viewing and regeneration. */
class FileKeyStoreOwnerRulesTest {
  private static final Secret ENCRYPTION_KEY = Secret.of("my-encryption-key");

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(START);
  final Map<String, OwnerStatus> users = new ConcurrentHashMap<>(Map.of("alice", OwnerStatus.ACTIVE, "bob", OwnerStatus.ACTIVE));
  final OwnerDirectory directory = owner -> Optional.ofNullable(users.get(owner));

  private FileKeyStore.Builder builder() {
    return manual(dir.resolve("keys.json"), clock).ownerDirectory(directory).encryptionKey(ENCRYPTION_KEY);
  }

  @Test
  void anAdminKeyOfAnActiveOwnerIsAccepted() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    Verdict verdict = verify(store, issued.secret());

    assertThat(verdict).isInstanceOf(Verdict.Accept.class);
    assertThat(((Verdict.Accept) verdict).principal().owner()).contains("alice");
    assertThat(((Verdict.Accept) verdict).principal().attributes()).containsEntry("kind", "admin");
  }

  @Test
  void aKeyWhoseOwnerIsGoneIsRejectedAsTokenOwnerNotFound() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());
    users.remove("alice");

    assertThat(verify(store, issued.secret()))
        .isEqualTo(Verdict.reject(Reason.OWNER_NOT_FOUND, "the owner of key '" + issued.key().id() + "' does not exist"));
    assertThat(Reason.OWNER_NOT_FOUND.defaultMessage()).isEqualTo("Token owner not found");
  }

  @Test
  void aKeyOfAnInactiveOwnerIsRejectedAsTokenOwnerDeactivated() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());
    users.put("alice", OwnerStatus.INACTIVE);

    assertThat(verify(store, issued.secret()))
        .isEqualTo(Verdict.reject(Reason.OWNER_DEACTIVATED, "the owner of key '" + issued.key().id() + "' is inactive"));
    assertThat(Reason.OWNER_DEACTIVATED.defaultMessage()).isEqualTo("Token owner is deactivated");
  }

  @Test
  void aKeyOfABlockedOwnerIsRejectedAsTokenOwnerDeactivated() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());
    users.put("alice", OwnerStatus.BLOCKED);

    assertThat(verify(store, issued.secret()))
        .isEqualTo(Verdict.reject(Reason.OWNER_DEACTIVATED, "the owner of key '" + issued.key().id() + "' is blocked"));
  }

  @Test
  void expiryIsCheckedBeforeTheOwner() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").lifespan(Lifespan.DAYS_30).build());
    users.remove("alice");
    clock.advance(Duration.ofDays(30));

    assertThat(verify(store, issued.secret())).extracting(v -> ((Verdict.Reject) v).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void theKindIsCheckedBeforeExpiry() {
    FileKeyStore store = builder().acceptKinds(KeyKind.ADMIN).open();
    IssuedKey content = store.create(KeyRequest.named("site").contentApi(ContentApiType.FULL_ACCESS).lifespan(Lifespan.DAYS_7).build());
    clock.advance(Duration.ofDays(8));

    assertThat(verify(store, content.secret())).isEqualTo(Verdict.reject(
        Reason.INVALID_CREDENTIAL, "key '" + content.key().id() + "' is a content-api key, which this source does not accept"));
  }

  @Test
  void aFailingOwnerDirectoryMakesTheSourceUnavailableNeverAccepting() {
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).ownerDirectory(owner -> {
      throw new IllegalStateException("user table down");
    }).open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    Verdict verdict = verify(store, issued.secret());

    assertThat(verdict).isInstanceOf(Verdict.Unavailable.class);
    assertThat(((Verdict.Unavailable) verdict).detail()).isEqualTo("the owner directory failed");
  }

  @Test
  void withoutADirectoryOwnersAreNotChecked() {
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("nobody-knows").build());

    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void deletingAnOwnerDeletesTheirKeysOnly() {
    FileKeyStore store = builder().open();
    IssuedKey alice1 = store.create(KeyRequest.named("a1").admin("alice").build());
    IssuedKey alice2 = store.create(KeyRequest.named("a2").owner("alice").build());
    IssuedKey bob = store.create(KeyRequest.named("b").admin("bob").build());

    assertThat(store.deleteKeysOwnedBy("alice")).isEqualTo(2);

    assertThat(store.list()).containsExactly(bob.key());
    assertThat(verify(store, alice1.secret())).isEqualTo(Verdict.abstain("no such key"));
    assertThat(verify(store, alice2.secret())).isEqualTo(Verdict.abstain("no such key"));
    assertThat(store.listOwnedBy("bob")).containsExactly(bob.key());
  }

  @Test
  void theOwnerCanViewAKeyThroughItsEncryptedCopy() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    assertThat(issued.key().viewable()).isTrue();
    assertThat(store.view(issued.key().id(), "alice").expose()).isEqualTo(issued.secret().expose());
  }

  @Test
  void theEncryptedCopyIsStrapisFormatAndNeitherSecretNorEncryptionKeyIsWritten() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    String file = read(store.file());
    assertThat(file).containsPattern("\"encrypted\" : \"v1:[0-9a-f]{32}:[0-9a-f]+:[0-9a-f]{32}\"");
    assertThat(file).doesNotContain(issued.secret().expose()).doesNotContain(ENCRYPTION_KEY.expose());
  }

  @Test
  void aBlankRequesterIsNobody() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    assertThatThrownBy(() -> store.view(issued.key().id(), " "))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NOT_OWNER));
  }

  @Test
  void onlyTheOwnerMayView() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    assertThatThrownBy(() -> store.view(issued.key().id(), "bob"))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NOT_OWNER))
        .hasMessage("key '" + issued.key().id() + "' is not owned by 'bob'");
  }

  @Test
  void withoutAnEncryptionKeyASecretIsShownOnceOnly() {
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    assertThat(issued.key().viewable()).isFalse();
    assertThat(read(store.file())).doesNotContain("encrypted");
    assertThatThrownBy(() -> store.view(issued.key().id(), "alice"))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NOT_VIEWABLE))
        .hasMessage("key '" + issued.key().id() + "' has no viewable copy; its secret was shown once, when it was made");
  }

  @Test
  void aCopyMadeUnderAnotherEncryptionKeyCannotBeViewed() {
    IssuedKey issued = builder().open().create(KeyRequest.named("alice-admin").admin("alice").build());
    FileKeyStore other = manual(dir.resolve("keys.json"), clock).encryptionKey(Secret.of("another-key")).open();

    assertThatThrownBy(() -> other.view(issued.key().id(), "alice"))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NOT_VIEWABLE))
        .hasMessage("the viewable copy of key '" + issued.key().id() + "' was made under another encryption key");
  }

  @Test
  void aKeyRequestedNotViewableKeepsNoCopy() {
    FileKeyStore store = builder().open();
    IssuedKey issued = store.create(KeyRequest.named("alice-admin").admin("alice").viewable(false).build());

    assertThat(issued.key().viewable()).isFalse();
    assertThatThrownBy(() -> store.view(issued.key().id(), "alice")).isInstanceOf(KeyStoreException.class);
  }

  @Test
  void regeneratingReplacesTheViewableCopy() {
    FileKeyStore store = builder().open();
    IssuedKey old = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    IssuedKey fresh = store.regenerateAsOwner(old.key().id(), "alice", Duration.ZERO);

    assertThat(store.view(old.key().id(), "alice").expose()).isEqualTo(fresh.secret().expose());
  }

  @Test
  void onlyTheOwnerMayRegenerateAsOwner() {
    FileKeyStore store = builder().open();
    IssuedKey old = store.create(KeyRequest.named("alice-admin").admin("alice").build());

    assertThatThrownBy(() -> store.regenerateAsOwner(old.key().id(), "bob", Duration.ZERO))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NOT_OWNER));
    assertThat(verify(store, old.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void regeneratingWithoutAnEncryptionKeyDropsTheStaleCopy() {
    IssuedKey old = builder().open().create(KeyRequest.named("alice-admin").admin("alice").build());
    FileKeyStore plain = manual(dir.resolve("keys.json"), clock).open();

    IssuedKey fresh = plain.regenerate(old.key().id(), Duration.ZERO);

    assertThat(fresh.key().viewable()).isFalse();
    assertThat(read(plain.file())).doesNotContain("encrypted");
  }
}
