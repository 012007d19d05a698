package dev.latchkey.benchmarks;

import dev.latchkey.Credential;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link FileKeyStore} with n keys in its file. {@code verify}: a valid key through the store's whole
 * request path (look-up, kind, revocation, expiry and owner checks, last-use bookkeeping, principal),
 * walking 1,024 stored keys in the same shuffled order as {@link HashedKeyLookupBenchmark#latchkey}.
 * Target: {@code FileKeyStoreBenchmark.verify <= 1.2 x HashedKeyLookupBenchmark.latchkey} at 1,000,000
 * keys, measured in one run:
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar 'FileKeyStoreBenchmark.verify|HashedKeyLookupBenchmark.latchkey' -p n=1000000}</pre>
 *
 * <p>{@code load}: opening a store on the file (read, parse, index), single shot. The setup prints the
 * file's size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class FileKeyStoreBenchmark {

  /** A key file with n generated keys, and an open store on it. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"1000", "1000000"})
    public int n;

    Path dir;
    Path file;
    FileKeyStore store;
    Credential[] probes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("latchkey-bench");
      file = dir.resolve("keys.json");
      List<KeyRequest> requests = new ArrayList<>(n);
      KeyRequest request = KeyRequest.named("bench").roles("reader").allowDuplicateName().build();
      for (int i = 0; i < n; i++) {
        requests.add(request);
      }
      List<IssuedKey> issued;
      try (FileKeyStore writer = open(file)) {
        issued = writer.createAll(requests);
      }
      System.out.printf("%nkey file with %,d keys: %,d bytes (%.1f MiB)%n", n, Files.size(file), Files.size(file) / 1048576.0);
      store = open(file);
      int probeCount = Math.min(1024, n);
      int stride = Math.max(1, n / probeCount);
      probes = new Credential[probeCount];
      for (int i = 0; i < probeCount; i++) {
        probes[i] = Credential.bearer(issued.get(i * stride).secret().expose());
      }
      SplittableRandom random = new SplittableRandom(42);
      for (int i = probeCount - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Credential c = probes[i];
        probes[i] = probes[j];
        probes[j] = c;
      }
      for (Credential probe : probes) {
        if (!(store.verify(probe) instanceof Verdict.Accept)) {
          throw new IllegalStateException("a stored key did not verify");
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static FileKeyStore open(Path file) {
    // No background chores during measurement: last-use bookkeeping still runs on every request.
    return FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open();
  }

  /** Which probe a thread presents next. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance(int count) {
      int i = next;
      next = i + 1 == count ? 0 : i + 1;
      return i;
    }
  }

  /** A valid key through the store's whole verification. */
  @Benchmark
  public Verdict verify(Store s, Cursor cursor) {
    return s.store.verify(s.probes[cursor.advance(s.probes.length)]);
  }

  /** Opening the store: read, parse and index the whole file. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public int load(Store s) {
    try (FileKeyStore loaded = open(s.file)) {
      return loaded.size();
    }
  }
}
