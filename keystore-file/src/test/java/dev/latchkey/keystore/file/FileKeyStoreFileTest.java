package dev.latchkey.keystore.file;

import static dev.latchkey.keystore.file.Stores.START;
import static dev.latchkey.keystore.file.Stores.manual;
import static dev.latchkey.keystore.file.Stores.read;
import static dev.latchkey.keystore.file.Stores.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.KeyHashes;
import dev.latchkey.spi.Reload;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.ManualBackground;
import dev.latchkey.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file: its format, problems at load, external edits, last-used times, concurrent writers. */
class FileKeyStoreFileTest {
  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(START);
  final List<KeyStoreEvent> events = new CopyOnWriteArrayList<>();

  private Path file() {
    return dir.resolve("keys.json");
  }

  private FileKeyStore open() {
    return manual(file(), clock).listener(events::add).open();
  }

  private static String entry(String id, String name, String hash) {
    return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"hash\": \"" + hash + "\"}";
  }

  @Test
  void aHandWrittenMinimalKeyWorks() throws Exception {
    Files.writeString(file(), "{\"version\": 1, \"keys\": [" + entry("k1", "ci-bot", KeyHashes.sha256(Secret.of("hand-made-key")).encoded()) + "]}");

    FileKeyStore store = open();

    assertThat(verify(store, "hand-made-key")).isInstanceOf(Verdict.Accept.class);
    assertThat(store.get("k1").map(StoredKey::kind)).contains(KeyKind.GENERIC);
  }

  @Test
  void anEmptyOrMissingFileIsAnEmptyStore() throws Exception {
    assertThat(open().size()).isZero();
    assertThat(Files.exists(file())).isFalse();
    Files.writeString(file(), "\n");
    assertThat(open().size()).isZero();
  }

  @Test
  void everyProblemInTheFileIsReportedWithLineColumnAndKeyButNeverAValue() throws Exception {
    Files.writeString(file(), String.join("\n",
        "{",
        "  \"version\": 1,",
        "  \"keys\": [",
        "    {\"id\": \"k1\", \"name\": \"a\", \"hash\": \"lk_plaintext-key-pasted-by-mistake\"},",
        "    {\"id\": \"k2\", \"name\": \"b\", \"hash\": \"sha256:00\", \"kind\": \"superuser\"},",
        "    {\"id\": \"k1\", \"name\": \"c\", \"hash\": \"" + KeyHashes.sha256(Secret.of("x")).encoded() + "\", \"expiresAt\": \"tomorrow\"}",
        "  ]",
        "}"));

    assertThatThrownBy(this::open).isInstanceOfSatisfying(ConfigurationException.class, e -> {
      assertThat(e.problems()).extracting(Problem::line, Problem::key).containsExactly(
          org.assertj.core.groups.Tuple.tuple(4, "keys[0].hash"),
          org.assertj.core.groups.Tuple.tuple(5, "keys[1].kind"),
          org.assertj.core.groups.Tuple.tuple(5, "keys[1].hash"),
          org.assertj.core.groups.Tuple.tuple(6, "keys[2].expiresAt"));
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file().toString()));
      assertThat(e.problems().get(0).column()).isEqualTo(39);
      assertThat(e.getMessage()).doesNotContain("plaintext-key-pasted").doesNotContain("tomorrow").doesNotContain("superuser");
    });
  }

  @Test
  void aNameOrRoleWithAControlCharacterIsAProblemOfTheFileAtItsLine() throws Exception {
    Files.writeString(file(), String.join("\n",
        "{\"version\": 1, \"keys\": [",
        "  {\"id\": \"k1\",",
        "   \"name\": \"ops\\u0000\",",
        "   \"roles\": [\"read\", \"admin\\n\"],",
        "   \"hash\": \"" + KeyHashes.sha256(Secret.of("ops-key")).encoded() + "\"}",
        "]}"));

    assertThatThrownBy(this::open).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(
            new Problem(file().toString(), 3, 12, "keys[0].name", "contains a control character, which no principal name may"),
            new Problem(file().toString(), 4, 13, "keys[0].roles[1]", "contains a control character, which no role may")));
  }

  @Test
  void aDuplicateIdIsReportedAtItsSecondUse() throws Exception {
    String hash1 = KeyHashes.sha256(Secret.of("one")).encoded();
    String hash2 = KeyHashes.sha256(Secret.of("two")).encoded();
    Files.writeString(file(), "{\"version\": 1, \"keys\": [\n" + entry("k1", "a", hash1) + ",\n" + entry("k1", "b", hash2) + "]}");

    assertThatThrownBy(this::open).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(new Problem(file().toString(), 3, 8, "keys[1].id", "is used by an earlier key too; ids must be unique")));
  }

  @Test
  void twoKeysWithOneSecretAreRefusedNamingBothIds() throws Exception {
    String hash = KeyHashes.sha256(Secret.of("same")).encoded();
    Files.writeString(file(), "{\"version\": 1, \"keys\": [" + entry("k1", "a", hash) + "," + entry("k2", "b", hash) + "]}");

    assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class).hasMessageContaining("'k2'").hasMessageContaining("'k1'");
  }

  @Test
  void malformedJsonIsReportedWithItsPositionWithoutQuotingIt() throws Exception {
    Files.writeString(file(), "{\"version\": 1,\n \"keys\": [ lk_secret-typed-bare ]}");

    assertThatThrownBy(this::open).isInstanceOfSatisfying(ConfigurationException.class, e -> {
      assertThat(e.problems()).hasSize(1);
      assertThat(e.problems().get(0).line()).isEqualTo(2);
      assertThat(e.problems().get(0).message()).startsWith("malformed JSON");
      assertThat(e.getMessage()).doesNotContain("secret-typed-bare");
    });
  }

  @Test
  void aFileFromANewerVersionIsRefusedRatherThanHalfRead() throws Exception {
    Files.writeString(file(), "{\"version\": 2, \"keys\": []}");

    assertThatThrownBy(this::open).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(new Problem(
            file().toString(), 1, 13, "version", "is 2; this Latchkey reads version 1 only (a newer file needs a newer Latchkey)")));
  }

  @Test
  void fieldsThisVersionDoesNotKnowAreKeptAcrossWrites() throws Exception {
    Files.writeString(file(), "{\"version\": 1, \"team\": {\"name\": \"ops\"}, \"keys\": [{\"id\": \"k1\", \"name\": \"a\", \"hash\": \""
        + KeyHashes.sha256(Secret.of("one")).encoded() + "\", \"labels\": [\"prod\", 3]}]}");
    FileKeyStore store = open();

    store.create(KeyRequest.named("b").build());

    String written = read(file());
    assertThat(written).contains("\"labels\" : [ \"prod\", 3 ]").contains("\"team\" : {");
    assertThat(open().size()).isEqualTo(2);
  }

  @Test
  void anExternalEditIsPickedUpWhenTheFileIsPolled() throws Exception {
    FileKeyStore store = open();
    FileKeyStore otherWriter = manual(file(), clock).open();
    IssuedKey issued = otherWriter.create(KeyRequest.named("from-elsewhere").build());
    assertThat(verify(store, issued.secret())).isEqualTo(Verdict.abstain("no such key"));

    assertThat(store.reloadIfChanged()).isEqualTo(Reload.reloaded(1));

    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
    assertThat(events).containsExactly(new KeyStoreEvent.Reloaded(store.file(), 1));
    assertThat(store.reloadIfChanged()).isEqualTo(Reload.unchanged());
  }

  @Test
  void aMalformedExternalEditKeepsTheLastGoodKeysAndIsReportedOnce() throws Exception {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());
    Files.writeString(file(), "{\"version\": 1, \"keys\": [{\"id\": \"k1\"}]}");

    assertThat(store.reloadIfChanged()).isInstanceOf(Reload.Failed.class);
    assertThat(store.reloadIfChanged()).isEqualTo(Reload.unchanged());

    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
    assertThat(events).containsExactly(new KeyStoreEvent.ReloadFailed(store.file(), List.of(
        new Problem(file().toString(), 1, 25, "keys[0].name", "is missing or blank"),
        new Problem(file().toString(), 1, 25, "keys[0].hash", "is missing"))));
    assertThat(CapturingLogProvider.lines()).anySatisfy(line -> assertThat(line).contains("could not reload").contains("keys[0].name"));
  }

  @Test
  void aFileThatIsNotTextInAnyUnicodeEncodingIsRefusedAsAProblemOfTheFile() throws Exception {
    Files.write(file(), Stores.NOT_TEXT);

    assertThatThrownBy(this::open).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(new Problem(file().toString(), 0, 0, "", Stores.NOT_TEXT_PROBLEM)));
  }

  @Test
  void anEditThatIsNotTextKeepsTheKeysIsReportedAndBlocksWrites() throws Exception {
    FileKeyStore store = open();
    IssuedKey key = store.create(KeyRequest.named("ci-bot").build());
    Files.write(file(), Stores.NOT_TEXT);

    assertThat(store.reloadIfChanged()).isInstanceOf(Reload.Failed.class);

    assertThat(verify(store, key.secret())).isInstanceOf(Verdict.Accept.class);
    assertThat(events).last().isEqualTo(new KeyStoreEvent.ReloadFailed(file(),
        List.of(new Problem(file().toString(), 0, 0, "", Stores.NOT_TEXT_PROBLEM))));
    assertThatThrownBy(() -> store.create(KeyRequest.named("another").build()))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.UNREADABLE_FILE));
  }

  @Test
  void writesAreRefusedWhileTheFileIsBrokenSoTheEditIsNotOverwritten() throws Exception {
    FileKeyStore store = open();
    store.create(KeyRequest.named("ci-bot").build());
    String broken = "{\"version\": 1, \"keys\": [{\"id\": \"k1\"}]}";
    Files.writeString(file(), broken);
    store.reloadIfChanged();

    assertThatThrownBy(() -> store.create(KeyRequest.named("another").build()))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.UNREADABLE_FILE))
        .hasMessageContaining("keys[0].name");
    assertThat(read(file())).isEqualTo(broken);
  }

  @Test
  void aWriteReReadsTheFileSoAnotherWritersKeysAreKept() {
    FileKeyStore first = open();
    FileKeyStore second = manual(file(), clock).open();

    IssuedKey a = first.create(KeyRequest.named("a").build());
    IssuedKey b = second.create(KeyRequest.named("b").build());
    IssuedKey c = first.create(KeyRequest.named("c").build());

    assertThat(open().list()).extracting(StoredKey::id).containsExactly(a.key().id(), b.key().id(), c.key().id());
    assertThat(verify(first, b.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aDeletedFileKeepsTheKeysInForceButIsNeverWrittenBackFromMemory() throws Exception {
    FileKeyStore store = open();
    IssuedKey a = store.create(KeyRequest.named("a").build());
    Files.delete(file());

    assertThat(store.reloadIfChanged()).isInstanceOf(Reload.Failed.class);
    assertThat(store.reloadIfChanged()).isInstanceOf(Reload.Failed.class);

    assertThat(events).containsExactly(new KeyStoreEvent.ReloadFailed(store.file(), List.of(new Problem(
        file().toString(), 0, 0, "", "does not exist"))));
    assertThat(verify(store, a.secret())).isInstanceOf(Verdict.Accept.class);
    assertThatThrownBy(() -> store.create(KeyRequest.named("b").build()))
        .isInstanceOfSatisfying(KeyStoreException.class, e -> assertThat(e.problem()).isEqualTo(KeyStoreException.Problem.UNREADABLE_FILE));
    assertThatThrownBy(store::flushUsage).isInstanceOf(KeyStoreException.class);
    assertThat(Files.exists(file())).isFalse();
  }

  @Test
  void anEmptiedStoreFileRemovesEveryKey() throws Exception {
    FileKeyStore store = open();
    IssuedKey a = store.create(KeyRequest.named("a").build());
    Files.writeString(file(), "{\"version\": 1, \"keys\": []}");

    assertThat(store.reloadIfChanged()).isEqualTo(Reload.reloaded(0));

    assertThat(verify(store, a.secret())).isEqualTo(Verdict.abstain("no such key"));
  }

  @Test
  void aFileTruncatedToNothingKeepsTheKeysLoadedBefore() throws Exception {
    FileKeyStore store = open();
    IssuedKey a = store.create(KeyRequest.named("a").build());
    Files.writeString(file(), "");

    assertThat(store.reloadIfChanged()).isInstanceOf(Reload.Failed.class);

    assertThat(verify(store, a.secret())).isInstanceOf(Verdict.Accept.class);
    assertThat(events).singleElement().isInstanceOf(KeyStoreEvent.ReloadFailed.class);
    assertThatThrownBy(() -> store.create(KeyRequest.named("b").build())).isInstanceOf(KeyStoreException.class);
  }

  @Test
  void aStoreOpenedThroughALinkWritesTheFileItPointsToAndKeepsTheLink() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real")).resolve("keys.json");
    FileKeyStore first = manual(real, clock).open();
    first.create(KeyRequest.named("a").build());
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);

    FileKeyStore viaLink = manual(link, clock).open();
    IssuedKey b = viaLink.create(KeyRequest.named("b").build());

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(viaLink.file()).isEqualTo(real.toRealPath());
    assertThat(first.reloadIfChanged()).isEqualTo(Reload.reloaded(2));
    assertThat(verify(first, b.secret())).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aKeyExpiringCenturiesAheadVerifies() throws Exception {
    Files.writeString(file(), "{\"version\": 1, \"keys\": [{\"id\": \"k1\", \"name\": \"far\", \"hash\": \""
        + KeyHashes.sha256(Secret.of("far-future-key")).encoded() + "\", \"expiresAt\": \"+299802843-04-08T00:00:00Z\"}]}");

    assertThat(verify(open(), "far-future-key")).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void concurrentWritersInOneProcessLoseNoKey() throws Exception {
    int threads = 8;
    int perThread = 10;
    FileKeyStore[] stores = {open(), manual(file(), clock).open()};
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<String>>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        FileKeyStore store = stores[t % 2];
        results.add(pool.submit(() -> {
          start.await();
          List<String> ids = new java.util.ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            ids.add(store.create(KeyRequest.named("k").allowDuplicateName().build()).key().id());
          }
          return ids;
        }));
      }
      start.countDown();
      List<String> created = new java.util.ArrayList<>();
      for (Future<List<String>> f : results) {
        created.addAll(f.get());
      }
      assertThat(open().list()).extracting(StoredKey::id).containsExactlyInAnyOrderElementsOf(created).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verifyingNeverTouchesTheFile() throws Exception {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());
    String before = read(file());
    Instant modified = Files.getLastModifiedTime(file()).toInstant();

    for (int i = 0; i < 5; i++) {
      assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
    }

    assertThat(read(file())).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(file()).toInstant()).isEqualTo(modified);
  }

  @Test
  void lastUseIsWrittenInABatchAtMostOnceAnHourPerKey() {
    FileKeyStore store = open();
    IssuedKey a = store.create(KeyRequest.named("a").build());
    IssuedKey b = store.create(KeyRequest.named("b").build());
    verify(store, a.secret());
    clock.advance(Duration.ofMinutes(1));
    verify(store, a.secret());
    verify(store, b.secret());

    assertThat(store.flushUsage()).isTrue();
    assertThat(store.get(a.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START);
    assertThat(store.get(b.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START.plusSeconds(60));

    clock.advance(Duration.ofMinutes(30));
    verify(store, a.secret());
    assertThat(store.flushUsage()).isFalse();

    clock.advance(Duration.ofMinutes(30));
    verify(store, a.secret());
    assertThat(store.flushUsage()).isTrue();
    assertThat(open().get(a.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START.plus(Duration.ofMinutes(61)));
  }

  @Test
  void closingWritesPendingLastUse() {
    IssuedKey issued;
    try (FileKeyStore store = open()) {
      issued = store.create(KeyRequest.named("a").build());
      verify(store, issued.secret());
    }
    assertThat(open().get(issued.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START);
  }

  @Test
  void aStoreOnItsOwnStartsNoThreadAndDoesNoBackgroundWork() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    FileKeyStore store = FileKeyStore.builder(file()).clock(clock).refreshInterval(Duration.ofMillis(1)).flushInterval(Duration.ofMillis(1)).open();
    try {
      IssuedKey issued = manual(file(), clock).open().create(KeyRequest.named("from-elsewhere").build());

      assertThat(Thread.getAllStackTraces().keySet()).allSatisfy(t ->
          assertThat(before.contains(t) || !t.getName().startsWith("latchkey-")).as(t.getName()).isTrue());
      assertThat(verify(store, issued.secret())).isEqualTo(Verdict.abstain("no such key"));
      assertThat(store.reloadIfChanged()).isEqualTo(Reload.reloaded(1));
    } finally {
      store.close();
    }
  }

  @Test
  void aStartedStoreChecksTheFileAndWritesLastUseOnTheBackgroundItIsGiven() {
    FileKeyStore store = FileKeyStore.builder(file()).clock(clock).listener(events::add).open();
    ManualBackground background = ManualBackground.on(clock);
    store.start(background);
    store.start(background);
    IssuedKey issued = manual(file(), clock).open().create(KeyRequest.named("from-elsewhere").build());

    assertThat(background.scheduled()).containsExactly("every PT2S: check keys.json", "every PT1M: record last use in keys.json");
    background.runAll();
    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
    background.runAll();

    assertThat(events).containsExactly(new KeyStoreEvent.Reloaded(store.file(), 1));
    assertThat(open().get(issued.key().id()).flatMap(StoredKey::lastUsedAt)).contains(START);
  }

  @Test
  void closingCancelsTheBackgroundTasks() {
    FileKeyStore store = open();
    ManualBackground background = ManualBackground.on(clock);
    FileKeyStore.builder(file()).clock(clock).open().start(background);
    FileKeyStore started = FileKeyStore.builder(file()).clock(clock).open();
    started.start(background);
    assertThat(background.scheduled()).hasSize(4);

    started.close();
    started.start(background);

    assertThat(background.scheduled()).hasSize(2);
    assertThat(store.size()).isZero();
  }

  @Test
  void aKeyFileReplacedByADirectoryWarnsOnceThenOnceAMinuteWithACountUntilItIsRestored() throws Exception {
    FileKeyStore store = open();
    IssuedKey issued = store.create(KeyRequest.named("ci-bot").build());
    String good = read(file());
    CapturingLogProvider.clear();
    Files.delete(file());
    Files.createDirectory(file());

    for (int i = 0; i < 30; i++) {
      store.reloadIfChanged();
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(warningsAbout(file())).singleElement().asString().contains("is a directory, not a file");
    store.reloadIfChanged();
    assertThat(warningsAbout(file())).hasSize(2).last().asString().contains("repeated 30 times");

    Files.delete(file());
    Files.writeString(file(), good);
    store.reloadIfChanged();
    Files.delete(file());
    Files.createDirectory(file());
    store.reloadIfChanged();

    assertThat(warningsAbout(file())).hasSize(3).last().asString().contains("is a directory").doesNotContain("repeated");
    assertThat(events).containsExactly(
        new KeyStoreEvent.ReloadFailed(store.file(), List.of(new Problem(file().toString(), 0, 0, "", "is a directory, not a file"))),
        new KeyStoreEvent.Reloaded(store.file(), 1),
        new KeyStoreEvent.ReloadFailed(store.file(), List.of(new Problem(file().toString(), 0, 0, "", "is a directory, not a file"))));
    assertThat(verify(store, issued.secret())).isInstanceOf(Verdict.Accept.class);
  }

  private static List<String> warningsAbout(Path file) {
    return CapturingLogProvider.lines().stream().filter(line -> line.startsWith("WARN ") && line.contains(file.toString())).toList();
  }
}
