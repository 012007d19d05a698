package dev.latchkey.benchmarks;

import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The initial load of n keys into a managed key store, for each storage: how long opening the store
 * takes and the heap it retains per key (as {@link HeapPerEntry} measures: retained heap after full
 * collections, before and after). Targets at 1,000,000 keys: ≤ 5 s and ≤ 300 B a key.
 *
 * <pre>
 * java -Xms6g -Xmx6g -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.KeyStoreHeapPerKey 1000000
 * </pre>
 */
public final class KeyStoreHeapPerKey {
  private KeyStoreHeapPerKey() {}

  /** Keeps what is measured reachable. */
  private static Object retained;

  /**
   * Prints one line per storage.
   *
   * @param args the number of keys (1,000,000 by default)
   * @throws Exception if the key file cannot be written
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("latchkey-heap");
    Path file = dir.resolve("keys.json");
    try (FileKeyStore writer = FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open()) {
      List<KeyRequest> requests = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        requests.add(KeyRequest.named("k" + i).roles("reader").allowDuplicateName().build());
      }
      writer.createAll(requests);
    }
    measure("file", n, () -> FileKeyStore.builder(file).refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open());
    Files.delete(file);
    try (BenchmarkPostgres postgres = new BenchmarkPostgres()) {
      postgres.fill("heap_", n);
      measure("postgres", n, () -> PostgresKeyStore.owning(postgres.pool()).tablePrefix("heap_").flushInterval(Duration.ZERO).open());
    }
  }

  private static void measure(String storage, int n, Supplier<ManagedKeyStore> open) {
    retained = null;
    long before = retainedHeap();
    long start = System.nanoTime();
    ManagedKeyStore store = open.get();
    long loadMillis = (System.nanoTime() - start) / 1_000_000;
    retained = store;
    long after = retainedHeap();
    System.out.printf("storage=%s keys=%d load_ms=%d heap_bytes_per_key=%.1f%n", storage, store.size(), loadMillis, (double) (after - before) / n);
    store.close();
    retained = null;
  }

  private static long retainedHeap() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
