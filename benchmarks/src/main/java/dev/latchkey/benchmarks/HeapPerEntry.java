package dev.latchkey.benchmarks;

import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap bytes per entry of a {@link HashedKeyIndex} holding n fast (SHA-256) entries, everything
 * included: the entries (id, principal name, shared role set, hash object and digest) and the index
 * tables. Measured as retained heap after full collections, before and after building.
 *
 * <pre>
 * java -Xms4g -Xmx4g -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.HeapPerEntry 1000000
 * </pre>
 */
public final class HeapPerEntry {
  private HeapPerEntry() {}

  /** Keeps what is measured reachable: locals may be collected once the JIT deems them dead. */
  private static Object retained;

  /** Prints the bytes per entry for the count given as the first argument (1,000,000 by default). */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    GeneratedKeys format = GeneratedKeys.standard();
    long empty = retainedHeap();

    // Entries as a key store holds them: generated keys, of which only the hash is kept.
    List<KeyEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(KeyEntry.builder("k" + i, format.generate().hash()).roles("reader").build());
    }
    retained = entries;
    long entriesOnly = retainedHeap() - empty;

    HashedKeyIndex index = HashedKeyIndex.builder("heap").generatedKeys(format).build();
    index.replaceAll(entries);
    retained = index;
    entries = null;
    long indexWithEntries = retainedHeap() - empty;

    System.out.printf(
        "entries=%d jdk=%s entry_objects_bytes_per_entry=%.1f index_total_bytes_per_entry=%.1f%n",
        n, System.getProperty("java.version"), (double) entriesOnly / n, (double) indexWithEntries / n);
  }

  private static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
