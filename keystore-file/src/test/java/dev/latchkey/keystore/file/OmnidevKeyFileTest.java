package dev.latchkey.keystore.file;

import static dev.latchkey.keystore.file.Stores.START;
import static dev.latchkey.keystore.file.Stores.manual;
import static dev.latchkey.keystore.file.Stores.read;
import static dev.latchkey.keystore.file.Stores.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Verdict;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Omnidev's key file as a source, and imported into a {@link FileKeyStore}. Vector: COMPAT.md §2. */
class OmnidevKeyFileTest {
  static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
  static final String HASH = "$2b$10$abcdefghijklmnopqrstuuvC5nRdN5nkKyDnD2WXbh8rhUSo/8AyK";

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(START);

  private Path omnidevFile(String json) throws Exception {
    Path file = dir.resolve("api-keys.json");
    Files.writeString(file, json);
    return file;
  }

  private static String record(String hash, String user) {
    return "{\"keyHash\": \"" + hash + "\", \"userId\": \"" + user + "\", \"createdAt\": \"2025-06-01T10:00:00.000Z\"}";
  }

  private OmnidevKeyFile source(Path file) {
    return OmnidevKeyFile.builder(file).clock(clock).roles("client").refreshInterval(Duration.ZERO).open();
  }

  @Test
  void anOmnidevKeyAuthenticatesAsItsUserAgainstItsBcryptHash() throws Exception {
    OmnidevKeyFile source = source(omnidevFile("[" + record(HASH, "user-42") + "]"));

    assertThat(source.verify(Credential.bearer(KEY))).isEqualTo(Verdict.accept(new Principal(
        "user-42", Set.of("client"), "omnidev", Optional.of("omnidev-0"), Optional.empty(), Optional.empty(), Map.of())));
  }

  @Test
  void anUnknownKeyIsNotRecognised() throws Exception {
    OmnidevKeyFile source = source(omnidevFile("[" + record(HASH, "user-42") + "]"));

    assertThat(source.verify(Credential.bearer("B" + KEY.substring(1)))).isEqualTo(Verdict.abstain("no such key"));
  }

  @Test
  void aLegacyPlaintextRecordWorksAndIsKeptOnlyAsADigest() throws Exception {
    OmnidevKeyFile source = source(omnidevFile("[{\"key\": \"legacy-plaintext-key\", \"userId\": \"old-user\"}]"));

    assertThat(source.verify(Credential.bearer("legacy-plaintext-key"))).isInstanceOfSatisfying(Verdict.Accept.class,
        a -> assertThat(a.principal().name()).isEqualTo("old-user"));
    assertThat(source.toString()).doesNotContain("legacy-plaintext-key");
  }

  @Test
  void aMalformedOmnidevFileIsReportedRecordByRecord() throws Exception {
    Path file = omnidevFile("[\n" + record("$2b$10$short", "a") + ",\n{\"keyHash\": \"" + HASH + "\"},\n{\"userId\": \"c\"}\n]");

    assertThatThrownBy(() -> source(file)).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).extracting(Problem::line, Problem::key).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "[0].keyHash"),
            org.assertj.core.groups.Tuple.tuple(3, "[1].userId"),
            org.assertj.core.groups.Tuple.tuple(4, "[2]")));
  }

  @Test
  void aUserIdWithAControlCharacterIsAProblemOfTheFileAtItsLine() throws Exception {
    Path file = omnidevFile("[\n" + record(HASH, "user-42") + ",\n" + record(HASH.replace('u', 'v'), "user-43\\nadmin") + "\n]");

    assertThatThrownBy(() -> source(file)).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(
            new Problem(file.toString(), 3, 87, "[1].userId", "contains a control character, which no principal name may")));
  }

  @Test
  void rolesForEveryKeyMustBeRolesAPrincipalMayHave() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OmnidevKeyFile.builder(dir.resolve("api-keys.json")).roles("client", "ops\u0007"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role contains a control character");
  }

  @Test
  void aFileThatIsNotTextIsRefusedAndAnEditThatIsNotTextKeepsTheKeys() throws Exception {
    Path broken = Files.write(dir.resolve("not-text.json"), Stores.NOT_TEXT);
    assertThatThrownBy(() -> source(broken)).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(new Problem(broken.toString(), 0, 0, "", Stores.NOT_TEXT_PROBLEM)));

    Path file = omnidevFile("[" + record(HASH, "user-42") + "]");
    List<KeyStoreEvent> events = new CopyOnWriteArrayList<>();
    OmnidevKeyFile source = OmnidevKeyFile.builder(file).clock(clock).refreshInterval(Duration.ZERO).listener(events::add).open();
    Files.write(file, Stores.NOT_TEXT);

    assertThat(source.reloadIfChanged()).isInstanceOf(Reload.Failed.class);
    assertThat(source.verify(Credential.bearer(KEY))).isInstanceOf(Verdict.Accept.class);
    assertThat(events).containsExactly(new KeyStoreEvent.ReloadFailed(file, List.of(new Problem(file.toString(), 0, 0, "", Stores.NOT_TEXT_PROBLEM))));
  }

  @Test
  void anEditedOmnidevFileIsPickedUpAndABrokenEditKeepsTheKeys() throws Exception {
    Path file = omnidevFile("[]");
    List<KeyStoreEvent> events = new CopyOnWriteArrayList<>();
    OmnidevKeyFile source = OmnidevKeyFile.builder(file).clock(clock).refreshInterval(Duration.ZERO).listener(events::add).open();
    Files.writeString(file, "[" + record(HASH, "user-42") + "]");

    assertThat(source.reloadIfChanged()).isEqualTo(Reload.reloaded(1));
    assertThat(source.verify(Credential.bearer(KEY))).isInstanceOf(Verdict.Accept.class);

    Files.writeString(file, "[{\"userId\": ");
    assertThat(source.reloadIfChanged()).isInstanceOf(Reload.Failed.class);
    assertThat(source.reloadIfChanged()).isEqualTo(Reload.unchanged());
    assertThat(source.verify(Credential.bearer(KEY))).isInstanceOf(Verdict.Accept.class);
    assertThat(events).hasSize(2).last().isInstanceOf(KeyStoreEvent.ReloadFailed.class);
  }

  @Test
  void aStartedSourceChecksTheFileOnTheBackgroundItIsGivenUntilClosed() throws Exception {
    Path file = omnidevFile("[]");
    List<KeyStoreEvent> events = new CopyOnWriteArrayList<>();
    OmnidevKeyFile source = OmnidevKeyFile.builder(file).clock(clock).listener(events::add).open();
    ManualBackground background = ManualBackground.on(clock);
    source.start(background);
    Files.writeString(file, "[" + record(HASH, "user-42") + "]");

    assertThat(background.scheduled()).containsExactly("every PT2S: check api-keys.json");
    background.runAll();
    assertThat(source.verify(Credential.bearer(KEY))).isInstanceOf(Verdict.Accept.class);
    source.close();

    assertThat(background.scheduled()).isEmpty();
    assertThat(events).containsExactly(new KeyStoreEvent.Reloaded(file, 1));
  }

  @Test
  void importCopiesEveryRecordKeepingItsBcryptHash() throws Exception {
    Path file = omnidevFile("[" + record(HASH, "user-42") + ", {\"key\": \"legacy-plaintext-key\", \"userId\": \"old-user\"}]");
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();

    List<StoredKey> imported = store.importOmnidev(file);

    assertThat(imported).extracting(StoredKey::name, StoredKey::hashFormat, StoredKey::createdAt).containsExactly(
        org.assertj.core.groups.Tuple.tuple("user-42", "bcrypt", Optional.of(Instant.parse("2025-06-01T10:00:00Z"))),
        org.assertj.core.groups.Tuple.tuple("old-user", "sha256", Optional.of(START)));
    assertThat(read(store.file())).contains(HASH).doesNotContain("legacy-plaintext-key");
    assertThat(verify(store, KEY)).isInstanceOfSatisfying(Verdict.Accept.class, a -> assertThat(a.principal().name()).isEqualTo("user-42"));
    assertThat(verify(store, "legacy-plaintext-key")).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void importingTheSameFileTwiceAddsNothing() throws Exception {
    Path file = omnidevFile("[" + record(HASH, "user-42") + "]");
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();
    store.importOmnidev(file);

    assertThat(store.importOmnidev(file)).isEmpty();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void importingAgainAfterARegenerationNeverBringsTheOldSecretBack() throws Exception {
    Path file = omnidevFile("[" + record(HASH, "user-42") + "]");
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();
    StoredKey imported = store.importOmnidev(file).get(0);
    store.regenerate(imported.id(), Duration.ZERO);

    assertThat(store.importOmnidev(file)).isEmpty();

    assertThat(verify(store, KEY)).isEqualTo(Verdict.abstain("no such key"));
    assertThat(read(store.file())).contains("\"importedFrom\" : \"sha256:");
  }

  @Test
  void importingAgainAfterTheHashUpgradeAddsNothing() throws Exception {
    Path file = omnidevFile("[" + record(HASH, "user-42") + "]");
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();
    store.importOmnidev(file);
    verify(store, KEY);
    store.flushUsage();

    assertThat(store.importOmnidev(file)).isEmpty();

    assertThat(store.list()).extracting(StoredKey::hashFormat).containsExactly("sha256");
  }

  @Test
  void anImportedBcryptHashBecomesAFastDigestAfterItsFirstSuccessfulUse() throws Exception {
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).open();
    store.importOmnidev(omnidevFile("[" + record(HASH, "user-42") + "]"));
    assertThat(verify(store, KEY)).isInstanceOf(Verdict.Accept.class);

    assertThat(store.flushUsage()).isTrue();

    assertThat(store.list()).extracting(StoredKey::hashFormat).containsExactly("sha256");
    assertThat(read(store.file())).doesNotContain(HASH);
    FileKeyStore reopened = manual(dir.resolve("keys.json"), clock).open();
    assertThat(verify(reopened, KEY)).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void slowHashesStayWhenUpgradingIsTurnedOff() throws Exception {
    FileKeyStore store = manual(dir.resolve("keys.json"), clock).upgradeSlowHashes(false).open();
    store.importOmnidev(omnidevFile("[" + record(HASH, "user-42") + "]"));
    verify(store, KEY);

    store.flushUsage();

    assertThat(store.list()).extracting(StoredKey::hashFormat).containsExactly("bcrypt");
  }
}
