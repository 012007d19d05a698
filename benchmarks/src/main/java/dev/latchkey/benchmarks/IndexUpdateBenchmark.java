package dev.latchkey.benchmarks;

import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Applying changes to a {@link HashedKeyIndex} of n keys, as a store following a database's change
 * sequence does: {@code applyOne} replaces one key (a revocation), {@code applyBatch1000} adds 1,000
 * keys and removes 1,000 (so the index keeps its size). Targets at n = 1,000,000: applyOne ≤ 1 ms,
 * applyBatch1000 ≤ 20 ms; both flat in n.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class IndexUpdateBenchmark {

  /** An index of n generated keys, and keys to add. */
  @State(Scope.Benchmark)
  public static class Index {
    @Param({"1000000"})
    public int n;

    HashedKeyIndex index;
    KeyEntry[] entries;
    /** Entries outside the index, swapped in and out in turn. */
    KeyEntry[] spare;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      GeneratedKeys format = GeneratedKeys.standard();
      index = HashedKeyIndex.builder("bench").generatedKeys(format).build();
      List<KeyEntry> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(KeyEntry.builder("k" + i, format.generate().hash()).roles("reader").build());
      }
      entries = all.toArray(new KeyEntry[0]);
      index.replaceAll(all);
      spare = new KeyEntry[200_000];
      for (int i = 0; i < spare.length; i++) {
        spare[i] = KeyEntry.builder("s" + i, format.generate().hash()).roles("reader").build();
      }
    }
  }

  /** One key changed: its entry replaced by a revoked copy, and back on the next call. */
  @Benchmark
  public int applyOne(Index s) {
    KeyEntry current = s.entries[s.next++ % s.entries.length];
    KeyEntry changed = current.toBuilder().state(current.state() == dev.latchkey.hash.KeyState.ACTIVE
        ? dev.latchkey.hash.KeyState.REVOKED : dev.latchkey.hash.KeyState.ACTIVE).build();
    s.entries[(s.next - 1) % s.entries.length] = changed;
    s.index.apply(List.of(changed), List.of());
    return s.index.size();
  }

  /** 1,000 keys added and 1,000 removed in one change. */
  @Benchmark
  public int applyBatch1000(Index s) {
    List<KeyEntry> puts = new ArrayList<>(1000);
    List<String> removals = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      int slot = (s.next + i) % s.spare.length;
      // Swap: the spare goes in, the entry it replaces in the rotation comes out.
      KeyEntry in = s.spare[slot];
      KeyEntry out = s.entries[(s.next + i) % s.entries.length];
      puts.add(in);
      removals.add(out.id());
      s.spare[slot] = out;
      s.entries[(s.next + i) % s.entries.length] = in;
    }
    s.next += 1000;
    s.index.apply(puts, removals);
    return s.index.size();
  }
}
