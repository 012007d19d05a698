package dev.latchkey.keystore.file;

import static dev.latchkey.keystore.file.Stores.START;
import static dev.latchkey.keystore.file.Stores.manual;
import static dev.latchkey.keystore.file.Stores.read;
import static dev.latchkey.keystore.file.Stores.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.Peppers;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create, list, revoke, delete, regenerate and lifespans of {@link FileKeyStore}. */
class FileKeyStoreLifecycleTest {
  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(START);

  private FileKeyStore open() {
    return manual(dir.resolve("keys.json"), clock).open();
  }

  @Test
  void createdKeyAuthenticatesAsItsNameWithRolesOwnerAndKeyId() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").roles("deploy", "read").owner("alice").build());

    Verdict verdict = verify(store, issued.secret());

    assertThat(verdict).isEqualTo(Verdict.accept(new Principal(
        "ci-bot", Set.of("deploy", "read"), "file", Optional.of(issued.key().id()), Optional.of("alice"), Optional.empty(),
        Map.of("kind", "generic"))));
  }

  @Test
  void createReturnsAGeneratedKeyAndWritesOnlyItsHash() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    String secret = issued.secret().expose();
    assertThat(GeneratedKeys.standard().check(issued.secret())).isEqualTo(GeneratedKeys.Check.VALID);
    assertThat(issued.key().start()).contains(secret.substring(0, 7));
    assertThat(issued.key().hashFormat()).isEqualTo("sha256");
    String file = read(store.file());
    assertThat(file).doesNotContain(secret).contains("\"hash\" : \"sha256:").contains("\"start\" : \"" + secret.substring(0, 7) + "\"");
  }

  @Test
  void issuedKeyAndStoreNeverPrintTheSecret() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    assertThat(issued.toString()).doesNotContain(issued.secret().expose()).contains(issued.key().id()).contains("fp_");
    assertThat(store.list().toString()).doesNotContain(issued.secret().expose());
    assertThat(store.toString()).isEqualTo("FileKeyStore[id=file, file=" + store.file() + ", keys=1]");
  }

  @Test
  void listShowsEveryKeyInCreationOrderWithoutSecrets() {
    FileKeyStore store = open();
    IssuedKey first = store.create(KeyRequest.named("one").description("first key").build());
    IssuedKey second = store.create(KeyRequest.named("two").contentApi(ContentApiType.READ_ONLY).build());

    assertThat(store.list()).extracting(StoredKey::id).containsExactly(first.key().id(), second.key().id());
    StoredKey listed = store.list().get(1);
    assertThat(listed).isEqualTo(second.key());
    assertThat(listed.kind()).isEqualTo(KeyKind.CONTENT_API);
    assertThat(listed.type()).contains(ContentApiType.READ_ONLY);
    assertThat(listed.roles()).containsExactly("read-only");
    assertThat(listed.createdAt()).contains(START);
    assertThat(store.get(first.key().id()).flatMap(StoredKey::description)).contains("first key");
  }

  @Test
  void keysSurviveReopeningTheStore() {
    IssuedKey issued;
    try (FileKeyStore store = open()) {
      issued = store.create(KeyRequest.named("ci-bot").roles("deploy").build());
    }
    FileKeyStore reopened = open();

    assertThat(reopened.list()).containsExactly(issued.key());
    assertThat(verify(reopened, issued.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void revokedKeyIsRejectedAsRevokedAndKeepsItsFirstRevocationTime() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    store.revoke(issued.key().id());
    clock.advance(Duration.ofMinutes(5));
    StoredKey again = store.revoke(issued.key().id());

    assertThat(again.revokedAt()).contains(START);
    assertThat(verify(store, issued.secret()))
        .isEqualTo(Verdict.reject(Reason.REVOKED, "key '" + issued.key().id() + "' is revoked"));
  }

  @Test
  void deletedKeyIsNoLongerRecognised() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    assertThat(store.delete(issued.key().id())).isTrue();
    assertThat(store.delete(issued.key().id())).isFalse();

    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.abstain("no such key"));
    assertThat(store.list()).isEmpty();
  }

  @Test
  void mistypedKeyIsRejectedByItsChecksumWithoutALookUp() {
    FileKeyStore store = open();
    String secret = store.create(KeyRequest.named("ci-bot").build()).secret().expose();
    char last = secret.charAt(secret.length() - 1);
    String typo = secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');

    assertThat(verify(store, typo)).isEqualTo(Verdict.reject(Reason.INVALID_CREDENTIAL, "key checksum does not match"));
  }

  @Test
  void strapiLifespansSetTheExpiryAndAnExpiredKeyIsRejectedAsTokenExpired() {
    FileKeyStore store = open();
    IssuedKey week = store.create(KeyRequest.named("week").lifespan(Lifespan.DAYS_7).build());
    IssuedKey forever = store.create(KeyRequest.named("forever").lifespan(Lifespan.UNLIMITED).build());

    assertThat(week.key().expiresAt()).contains(START.plus(Duration.ofDays(7)));
    assertThat(forever.key().expiresAt()).isEmpty();
    clock.advance(Duration.ofDays(7));

    assertThat(verify(store, week.secret()))
        .isEqualTo(Verdict.reject(Reason.EXPIRED, "key '" + week.key().id() + "' expired at " + START.plus(Duration.ofDays(7))));
    assertThat(Reason.EXPIRED.defaultMessage()).isEqualTo("Token expired");
    assertThat(verify(store, forever.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void anyDurationIsALifespan() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("short").expiresIn(Duration.ofMinutes(90)).build());

    assertThat(issued.key().expiresAt()).contains(START.plus(Duration.ofMinutes(90)));
  }

  @Test
  void regenerateWithoutGraceKeepsTheIdAndStopsTheOldSecretAtOnce() {
    FileKeyStore store = open();
    IssuedKey old = store.create(KeyRequest.named("ci-bot").roles("deploy").build());

    IssuedKey fresh = store.regenerate(old.key().id(), Duration.ZERO);

    assertThat(fresh.key().id()).isEqualTo(old.key().id());
    assertThat(fresh.secret().expose()).isNotEqualTo(old.secret().expose());
    assertThat(fresh.key().previousSecretValidUntil()).isEmpty();
    assertThat(verify(store, old.secret())).isEqualTo(Verdict.abstain("no such key"));
    assertThat(((Verdict.Accept) verify(store, fresh.secret())).principal().credentialId()).contains(old.key().id());
  }

  @Test
  void regenerateWithGraceKeepsTheOldSecretWorkingUntilTheDeadline() {
    FileKeyStore store = open();
    IssuedKey old = store.create(KeyRequest.named("ci-bot").build());

    IssuedKey fresh = store.regenerate(old.key().id(), Duration.ofHours(24));
    assertThat(fresh.key().previousSecretValidUntil()).contains(START.plus(Duration.ofHours(24)));

    clock.advance(Duration.ofHours(23));
    Verdict during = verify(store, old.secret());
    assertThat(during).isInstanceOf(Verdict.Accept.class);
    assertThat(((Verdict.Accept) during).principal().credentialId()).contains(old.key().id());
    assertThat(((Verdict.Accept) during).principal().expiresAt()).contains(START.plus(Duration.ofHours(24)));
    assertThat(verify(store, fresh.secret())).isInstanceOf(Verdict.Accept.class);

    clock.advance(Duration.ofHours(1));
    assertThat(verify(store, old.secret())).isEqualTo(Verdict.reject(
        Reason.REVOKED, "the replaced secret of key '" + old.key().id() + "' stopped working at " + START.plus(Duration.ofHours(24))));
    assertThat(verify(store, fresh.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void theGraceOfAReplacedSecretIsDroppedFromTheFileOnceOver() {
    FileKeyStore store = open();
    IssuedKey old = store.create(KeyRequest.named("ci-bot").build());
    store.regenerate(old.key().id(), Duration.ofHours(1));
    store.verify(dev.latchkey.Credential.bearer(old.secret().expose()));
    clock.advance(Duration.ofHours(2));

    assertThat(store.flushUsage()).isTrue();

    assertThat(read(store.file())).doesNotContain("previousHash").doesNotContain("previousValidUntil");
    assertThat(store.get(old.key().id()).flatMap(StoredKey::previousSecretValidUntil)).isEmpty();
    assertThat(verify(store, old.secret())).isEqualTo(Verdict.abstain("no such key"));
  }

  @Test
  void revokingEndsTheGracePeriodToo() {
    FileKeyStore store = open();
    IssuedKey old = store.create(KeyRequest.named("ci-bot").build());
    store.regenerate(old.key().id(), Duration.ofHours(24));

    store.revoke(old.key().id());

    assertThat(verify(store, old.secret())).isEqualTo(Verdict.abstain("no such key"));
  }

  @Test
  void aRevokedKeyCannotBeRegenerated() {
    FileKeyStore store = open();
    IssuedKey old = store.create(KeyRequest.named("ci-bot").build());
    store.revoke(old.key().id());

    assertThatThrownBy(() -> store.regenerate(old.key().id(), Duration.ZERO))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.INVALID_REQUEST))
        .hasMessage("key '" + old.key().id() + "' is revoked and cannot be regenerated");
  }

  @Test
  void aGracePeriodIsBounded() {
    FileKeyStore store = open();
    IssuedKey old = store.create(KeyRequest.named("ci-bot").build());

    assertThatThrownBy(() -> store.regenerate(old.key().id(), Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a grace period is between zero and 30 days");
    assertThatThrownBy(() -> store.regenerate(old.key().id(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void operationsOnAnUnknownKeySayWhichId() {
    FileKeyStore store = open();

    assertThatThrownBy(() -> store.revoke("key_nope"))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.NO_SUCH_KEY))
        .hasMessage("no key has the id 'key_nope'");
    assertThatThrownBy(() -> store.regenerate("key_nope", Duration.ZERO)).isInstanceOf(KeyStoreException.class);
    assertThatThrownBy(() -> store.view("key_nope", "alice")).isInstanceOf(KeyStoreException.class);
  }

  @Test
  void createAllMakesManyKeysInOneWrite() throws Exception {
    FileKeyStore store = open();
    store.create(KeyRequest.named("first").build());
    long before = Files.getLastModifiedTime(store.file()).toMillis();
    Object inodeBefore = Files.readAttributes(store.file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();

    List<IssuedKey> issued = store.createAll(List.of(KeyRequest.named("a").build(), KeyRequest.named("b").build(), KeyRequest.named("c").build()));

    assertThat(issued).extracting(k -> k.key().name()).containsExactly("a", "b", "c");
    assertThat(issued).extracting(k -> k.key().id()).doesNotHaveDuplicates();
    assertThat(store.size()).isEqualTo(4);
    assertThat(Files.readAttributes(store.file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(inodeBefore);
    assertThat(before).isPositive();
    issued.forEach(k -> assertThat(verify(store, k.secret())).isInstanceOf(Verdict.Accept.class));
  }

  @Test
  void aNewKeyFileIsReadableByItsOwnerOnly() throws Exception {
    FileKeyStore store = open();
    store.create(KeyRequest.named("ci-bot").build());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
  }

  @Test
  void aReplacedKeyFileKeepsThePermissionsItWasGiven() throws Exception {
    FileKeyStore store = open();
    store.create(KeyRequest.named("one").build());
    Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r-----"));

    store.create(KeyRequest.named("two").build());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-r-----");
  }

  @Test
  void noTemporaryFileIsLeftBehind() throws Exception {
    FileKeyStore store = open();
    store.create(KeyRequest.named("one").build());
    store.create(KeyRequest.named("two").build());

    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("keys.json", "keys.json.lock");
    }
  }

  @Test
  void newKeysCanBeHashedUnderAPepperThatIsNeverWritten() {
    Secret pepper = Secret.of("pepper-from-the-secret-manager-0123456789");
    FileKeyStore store = manual(dir.resolve("keys.json"), clock)
        .peppers(Peppers.of("p1", pepper)).hashNewKeysWithPepper("p1").open();

    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());

    assertThat(issued.key().hashFormat()).isEqualTo("hmac-sha256");
    assertThat(read(store.file())).contains("\"hash\" : \"hmac-sha256:p1:").doesNotContain(pepper.expose());
    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aPepperForNewKeysMustBeConfigured() {
    assertThatThrownBy(() -> manual(dir.resolve("keys.json"), clock).hashNewKeysWithPepper("p1").open())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the pepper 'p1' for new keys is not configured");
  }

  @Test
  void aKeysOwnAllowedAddressesBecomeThePrincipalsAllowlist() {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").allowedIps(List.of("10.0.0.0/8", "2001:db8::/32")).build());

    Principal principal = ((Verdict.Accept) verify(store, issued.secret())).principal();

    assertThat(principal.attributes()).containsEntry("allowed_ips", "10.0.0.0/8,2001:db8::/32");
  }

  @Test
  void aKeyRequestRefusesWhatCannotBeStored() {
    assertThatThrownBy(() -> KeyRequest.named(" ").build()).hasMessage("a key needs a name");
    assertThatThrownBy(() -> KeyRequest.named("x").kind(KeyKind.ADMIN).build()).hasMessage("an admin key needs an owner");
    assertThatThrownBy(() -> KeyRequest.named("x").expiresIn(Duration.ZERO).build()).hasMessage("a lifespan must be positive");
    assertThatThrownBy(() -> KeyRequest.named("x").allowedIps(List.of("not-an-ip")).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRequest.named("x").owner(" ").build()).hasMessage("an owner must not be blank");
    assertThatThrownBy(() -> KeyRequest.named("x").expiresIn(Duration.ofDays(36_526)).build())
        .hasMessage("a lifespan is at most 100 years; leave it out for a key that never expires");
  }

  @Test
  void aKeyWhoseNameOrRoleNoPrincipalCouldHaveIsNeverCreated() {
    FileKeyStore store = open();

    assertThatThrownBy(() -> store.create(KeyRequest.named("ci\nbot").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a key's name contains a control character");
    assertThatThrownBy(() -> store.create(KeyRequest.named("ci-bot").roles("deploy", "admin\u0000").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a role contains a control character");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aNameAlreadyInTheStoreIsRefusedUnlessTheRequestAllowsADuplicate() {
    FileKeyStore store = open();
    store.create(KeyRequest.named("ci-bot").build());

    KeyStoreException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
        KeyStoreException.class, () -> store.create(KeyRequest.named("ci-bot").roles("deploy").build()));
    IssuedKey allowed = store.create(KeyRequest.named("ci-bot").allowDuplicateName().build());

    assertThat(refused.problem()).isEqualTo(KeyStoreException.Problem.DUPLICATE_NAME);
    assertThat(refused).hasMessage("a key named 'ci-bot' is already in the store; choose another name or allow a duplicate name");
    assertThat(store.list()).extracting(StoredKey::name).containsExactly("ci-bot", "ci-bot");
    assertThat(allowed.key().name()).isEqualTo("ci-bot");
  }

  @Test
  void aBatchNamingOneNameTwiceMakesNoKey() {
    FileKeyStore store = open();

    KeyStoreException refused = org.assertj.core.api.Assertions.catchThrowableOfType(KeyStoreException.class,
        () -> store.createAll(java.util.List.of(KeyRequest.named("a").build(), KeyRequest.named("a").build())));

    assertThat(refused.problem()).isEqualTo(KeyStoreException.Problem.DUPLICATE_NAME);
    assertThat(store.list()).isEmpty();
  }
}
