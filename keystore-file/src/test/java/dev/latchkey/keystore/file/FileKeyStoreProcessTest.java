package dev.latchkey.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real writer processes on one key file: concurrent creation, and a writer killed with SIGKILL mid-write. */
class FileKeyStoreProcessTest {
  @TempDir Path dir;

  private Process writer(Path file, int count, String name) throws IOException {
    String classPath = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.joining(File.pathSeparator));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xshare:auto", "-cp", classPath, KeyWriterProcess.class.getName(), file.toString(), String.valueOf(count), name)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static List<String> acknowledged(Process process) throws IOException {
    List<String> ids = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        ids.add(line);
      }
    }
    return ids;
  }

  @Test
  void twoProcessesCreatingKeysInOneFileLoseNone() throws Exception {
    Path file = dir.resolve("keys.json");
    Process a = writer(file, 40, "a");
    Process b = writer(file, 40, "b");

    List<String> fromA = acknowledged(a);
    List<String> fromB = acknowledged(b);
    assertThat(a.waitFor(2, TimeUnit.MINUTES) && b.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(a.exitValue()).isZero();
    assertThat(b.exitValue()).isZero();

    FileKeyStore store = FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open();
    assertThat(fromA).hasSize(40);
    assertThat(fromB).hasSize(40);
    List<String> all = new ArrayList<>(fromA);
    all.addAll(fromB);
    assertThat(store.list()).extracting(StoredKey::id).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void aWriterKilledMidWriteLeavesAValidFileWithEveryAcknowledgedKey() throws Exception {
    Path file = dir.resolve("keys.json");
    // A large file makes each write take long enough that the kill lands inside one.
    try (FileKeyStore seed = FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open()) {
      List<KeyRequest> bulk = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        bulk.add(KeyRequest.named("seed-" + i).build());
      }
      seed.createAll(bulk);
    }
    Process process = writer(file, 0, "w");
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < 3; i++) {
        String line = out.readLine();
        assertThat(line).as("the writer stopped early").isNotNull();
        acked.add(line);
      }
      // Kill it the moment its next write's temporary file appears: inside the write, before the rename.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (temporaries(file) == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      process.destroyForcibly();
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
    assertThat(process.exitValue()).isEqualTo(137);
    assertThat(temporaries(file)).as("the kill landed inside a write").isPositive();

    FileKeyStore store = FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open();
    assertThat(store.list()).extracting(StoredKey::id).containsAll(acked);
    assertThat(store.size()).isGreaterThanOrEqualTo(20_000 + acked.size());
    // The next writer is not blocked by the dead one's lock, and cleans nothing it should not.
    store.create(KeyRequest.named("after").build());
    assertThat(temporaries(file)).as("the killed writer's temporary file is cleaned up").isZero();
  }

  private static long temporaries(Path file) throws IOException {
    try (Stream<Path> siblings = java.nio.file.Files.list(file.getParent())) {
      return siblings.filter(p -> p.getFileName().toString().startsWith(".keys.json.tmp-")).count();
    }
  }
}
