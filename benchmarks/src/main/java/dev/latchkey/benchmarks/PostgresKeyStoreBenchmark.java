package dev.latchkey.benchmarks;

import dev.latchkey.Credential;
import dev.latchkey.Verdict;
import dev.latchkey.keystore.file.KeyRequest;
import dev.latchkey.keystore.postgres.PostgresKeyStore;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PostgreSQL key store with n keys in its table (an embedded server in the benchmark's JVM):
 * {@code verify} a valid key (memory only; target ≤ 1.2 × {@code HashedKeyLookupBenchmark.latchkey} at
 * the same n), and one {@code create} and one {@code revoke} (a transaction each, sample mode; target
 * p50 ≤ 5 ms at 1,000,000 keys, against about 3 s a write for the JSON file). The set-up prints how long
 * the initial load of the n keys took.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PostgresKeyStoreBenchmark {

  /** A server holding n keys, and a store opened on it. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"1000000"})
    public int n;

    BenchmarkPostgres postgres;
    PostgresKeyStore store;
    Credential[] probes;
    int next;
    int revoked;

    @Setup(Level.Trial)
    public void setUp() {
      postgres = new BenchmarkPostgres();
      postgres.fill("bench_", n);
      long start = System.nanoTime();
      store = PostgresKeyStore.owning(postgres.pool()).tablePrefix("bench_").flushInterval(Duration.ZERO).open();
      System.out.printf("%ninitial load of %d keys: %d ms%n", store.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      probes = new Credential[Integer.highestOneBit(Math.min(1024, n))];
      int stride = Math.max(1, n / probes.length);
      for (int i = 0; i < probes.length; i++) {
        probes[i] = Credential.bearer(BenchmarkPostgres.secret(i * stride));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
      postgres.close();
    }
  }

  /** A valid key, verified from memory. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Verdict verify(Store s) {
    return s.store.verify(s.probes[s.next++ & (s.probes.length - 1)]);
  }

  /** One new key: one transaction. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object create(Store s) {
    return s.store.create(KeyRequest.named("created-" + s.next++).build());
  }

  /** One key revoked (a different one each time): one transaction. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object revoke(Store s) {
    return s.store.revoke(BenchmarkPostgres.id(s.revoked++ % s.n));
  }
}
