package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.latchkey.ConfigurationException;
import dev.latchkey.ConfigurationException.Problem;
import dev.latchkey.Health;
import dev.latchkey.testing.CapturingLogProvider;
import dev.latchkey.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reload primitive, on real files. */
class ReloadingFileTest {
  private static final String LOGGER = ReloadingFileTest.class.getName();

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Reload> heard = new CopyOnWriteArrayList<>();
  private final AtomicInteger parses = new AtomicInteger();

  @BeforeEach
  void forgetEarlierLines() {
    CapturingLogProvider.clear();
  }

  private Path file() {
    return dir.resolve("words.txt");
  }

  /** Replaces the file as editors and writers do: a new file renamed over the old one. */
  private void replace(String text) throws IOException {
    Path temporary = Files.writeString(dir.resolve("words.txt.tmp"), text);
    Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A file of words, one per line; a line {@code broken} is refused with its line number. */
  private List<String> parse(WatchedFile.Content content) {
    parses.incrementAndGet();
    List<String> words = new String(content.bytes(), StandardCharsets.UTF_8).lines().toList();
    int broken = words.indexOf("broken");
    if (broken >= 0) {
      throw new ConfigurationException(new Problem(file().toString(), broken + 1, 1, "", "is not a word"));
    }
    if (words.contains("crash")) {
      throw new IllegalStateException("a message quoting the content: crash");
    }
    return words;
  }

  private ReloadingFile.Builder<List<String>> builder() {
    return ReloadingFile.builder(file(), this::parse)
        .describedAs("words", List::size)
        .listener(heard::add)
        .loggingAs(ReloadingFileTest.class)
        .clock(clock);
  }

  private ReloadingFile<List<String>> load(String text) throws IOException {
    replace(text);
    return builder().load();
  }

  private static List<String> warnings() {
    return CapturingLogProvider.lines().stream().filter(line -> line.startsWith("WARN " + LOGGER + " ")).toList();
  }

  @Test
  void aChangedFileIsParsedAndPutInForce() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    replace("alpha\nbeta\n");

    assertThat(words.reloadIfChanged()).isEqualTo(Reload.reloaded(2));

    assertThat(words.current()).containsExactly("alpha", "beta");
    assertThat(heard).containsExactly(Reload.reloaded(2));
    assertThat(words.reloadIfChanged()).isEqualTo(Reload.unchanged());
  }

  @Test
  void aBrokenEditMakesTheFileDegradedWithItsFileAndLineAndTheFixMakesItUpAgain() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    Instant loaded = clock.instant();
    assertThat(words.health()).isEqualTo(Health.of(Health.Status.UP, Map.of("file", file().toString(), "loaded_at", loaded)));

    clock.advance(Duration.ofMinutes(1));
    replace("alpha\nbroken\n");
    words.reloadIfChanged();
    Instant failed = clock.instant();
    clock.advance(Duration.ofMinutes(1));
    words.reloadIfChanged();

    Health degraded = words.health();
    assertThat(degraded.status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(degraded.details()).containsExactly(
        entry("file", file().toString()),
        entry("loaded_at", loaded),
        entry("last_failure", file() + ":2:1: is not a word"),
        entry("failed_since", failed));

    replace("alpha\nbeta\n");
    words.reloadIfChanged();

    assertThat(words.health()).isEqualTo(Health.of(Health.Status.UP, Map.of("file", file().toString(), "loaded_at", clock.instant())));
  }

  @Test
  void aFileNeverLoadedIsUpWithoutALoadTime() {
    ReloadingFile<List<String>> words = builder().loadIfExists(List.of());

    assertThat(words.health()).isEqualTo(Health.of(Health.Status.UP, Map.of("file", file().toString())));
  }

  @Test
  void aTouchWithoutAChangeIsNotAReload() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    Files.setLastModifiedTime(file(), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    assertThat(words.reloadIfChanged()).isEqualTo(Reload.unchanged());

    assertThat(parses).hasValue(1);
    assertThat(heard).isEmpty();
  }

  @Test
  void aBrokenEditKeepsTheLastGoodValueAndIsReportedOnce() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    replace("alpha\nbroken\n");

    Reload first = words.reloadIfChanged();
    Reload second = words.reloadIfChanged();

    Reload.Failed failed = new Reload.Failed(List.of(new Problem(file().toString(), 2, 1, "", "is not a word")));
    assertThat(first).isEqualTo(failed);
    assertThat(second).isEqualTo(Reload.unchanged());
    assertThat(words.current()).containsExactly("alpha");
    assertThat(heard).containsExactly(failed);
    assertThat(parses).hasValue(2);
    assertThat(warnings()).singleElement().asString()
        .contains("could not reload " + file() + "; keeping the words in force")
        .contains(file() + ":2:1: is not a word");
  }

  @Test
  void anEditThatFailsOtherwiseIsReportedByTheClassOfItsFailureOnly() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    replace("crash\n");

    assertThat(words.reloadIfChanged()).isEqualTo(new Reload.Failed(List.of(
        new Problem(file().toString(), 0, 0, "", "cannot be loaded (IllegalStateException)"))));
    assertThat(String.join("\n", CapturingLogProvider.lines())).doesNotContain("quoting");
  }

  @Test
  void aDeletedFileKeepsTheLastGoodValueAndTheListenerHearsOfItOnce() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    Files.delete(file());

    Reload first = words.reloadIfChanged();
    Reload second = words.reloadIfChanged();

    Reload.Failed missing = new Reload.Failed(List.of(new Problem(file().toString(), 0, 0, "", "does not exist")));
    assertThat(first).isEqualTo(missing);
    assertThat(second).isEqualTo(missing);
    assertThat(heard).containsExactly(missing);
    assertThat(words.current()).containsExactly("alpha");
    assertThat(warnings()).hasSize(1);
  }

  @Test
  void aFileReplacedByADirectoryWarnsOnceThenOnceAMinuteWithACountUntilItIsBack() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    Files.delete(file());
    Files.createDirectory(file());

    for (int i = 0; i < 30; i++) {
      assertThat(words.reloadIfChanged()).isInstanceOf(Reload.Failed.class);
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(warnings()).singleElement().asString().contains(file() + ": is a directory, not a file");
    assertThat(words.reloadIfChanged()).isInstanceOf(Reload.Failed.class);
    assertThat(warnings()).hasSize(2).last().asString().contains("(repeated 30 times since 2026-01-01T00:00:00Z)");

    Files.delete(file());
    replace("alpha\n");
    assertThat(words.reloadIfChanged()).isEqualTo(Reload.reloaded(1));
    Files.delete(file());
    Files.createDirectory(file());
    words.reloadIfChanged();

    assertThat(warnings()).hasSize(3).last().asString().contains("is a directory").doesNotContain("repeated");
    assertThat(heard).containsExactly(
        new Reload.Failed(List.of(new Problem(file().toString(), 0, 0, "", "is a directory, not a file"))),
        Reload.reloaded(1),
        new Reload.Failed(List.of(new Problem(file().toString(), 0, 0, "", "is a directory, not a file"))));
    assertThat(words.current()).containsExactly("alpha");
  }

  @Test
  void aFileThatMayNotExistYetIsAnAbsenceUntilItIsLoadedOnce() throws IOException {
    ReloadingFile<List<String>> words = builder().loadIfExists(List.of());

    assertThat(words.reloadIfChanged()).isEqualTo(Reload.unchanged());
    assertThat(words.hasBeenLoaded()).isFalse();
    replace("alpha\n");
    assertThat(words.reloadIfChanged()).isEqualTo(Reload.reloaded(1));
    assertThat(words.hasBeenLoaded()).isTrue();
    Files.delete(file());
    assertThat(words.reloadIfChanged()).isInstanceOf(Reload.Failed.class);

    assertThat(words.current()).containsExactly("alpha");
    assertThat(warnings()).hasSize(1);
  }

  @Test
  void loadingRefusesAMissingOrBrokenFileWithEveryProblem() throws IOException {
    assertThatThrownBy(() -> builder().load()).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(new Problem(file().toString(), 0, 0, "", "does not exist")));
    replace("broken\n");
    assertThatThrownBy(() -> builder().loadIfExists(List.of())).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).extracting(Problem::line).containsExactly(1));
  }

  @Test
  void aWriterInstallsItsOwnWriteAndNoCheckReloadsIt() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");

    words.exclusively(() -> {
      try {
        replace("alpha\ngamma\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      words.installWritten(List.of("alpha", "gamma"), WatchedFile.sha256("alpha\ngamma\n".getBytes(StandardCharsets.UTF_8)));
      return null;
    });

    assertThat(words.reloadIfChanged()).isEqualTo(Reload.unchanged());
    assertThat(words.current()).containsExactly("alpha", "gamma");
    assertThat(parses).hasValue(1);
  }

  @Test
  void aRefusedEditIsNotTheContentInForce() throws IOException {
    ReloadingFile<List<String>> words = load("alpha\n");
    assertThat(words.isCurrent(words.read())).isTrue();
    replace("broken\n");
    words.reloadIfChanged();

    assertThat(words.isCurrent(words.read())).isFalse();
  }

  @Test
  void watchingChecksTheFileOnTheBackgroundUntilClosed() throws Exception {
    CountDownLatch reloaded = new CountDownLatch(1);
    ReloadingFile<List<String>> words = load("alpha\n");
    ReloadingFile<List<String>> watched = builder().listener(outcome -> reloaded.countDown()).load();
    try (BackgroundScheduler background = BackgroundScheduler.start(clock)) {
      watched.watch(background, Duration.ofMillis(5));
      replace("alpha\nbeta\n");

      assertThat(reloaded.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(watched.current()).containsExactly("alpha", "beta");
    assertThat(words.current()).containsExactly("alpha");
  }
}
