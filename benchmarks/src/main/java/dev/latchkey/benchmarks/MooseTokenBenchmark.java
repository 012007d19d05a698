package dev.latchkey.benchmarks;

import dev.latchkey.Secret;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHashes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A MooseStack admin token (PBKDF2-HMAC-SHA256, 1000 iterations) verified through the index:
 * {@code uncached} derives every time (cache off); {@code cached} is a repeat of a verified token.
 * Target: {@code cached} at most 2 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MooseTokenBenchmark {
  private static final String TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef";
  private static final String STORED = "445fd4696cfc5c49e28995c4aba05de44303a112";

  private HashedKeyIndex cachedIndex;
  private HashedKeyIndex uncachedIndex;
  private Secret token;

  @Setup
  public void setUp() {
    token = Secret.of(TOKEN);
    cachedIndex = HashedKeyIndex.builder("moose").verificationCache(10_000, Duration.ofMinutes(5)).build();
    uncachedIndex = HashedKeyIndex.builder("moose").verificationCache(0, Duration.ZERO).build();
    KeyEntry admin = KeyEntry.builder("admin", KeyHashes.mooseStoredValue(STORED)).roles("admin").build();
    cachedIndex.put(admin);
    uncachedIndex.put(admin);
    if (!(cachedIndex.lookup(token) instanceof HashedKeyIndex.Lookup.Found)) {
      throw new IllegalStateException("the Moose vector did not verify");
    }
  }

  /** A repeated token: one HMAC and a cache look-up. */
  @Benchmark
  public HashedKeyIndex.Lookup cached() {
    return cachedIndex.lookup(token);
  }

  /** Every verification derives: 1000 PBKDF2 iterations. */
  @Benchmark
  public HashedKeyIndex.Lookup uncached() {
    return uncachedIndex.lookup(token);
  }
}
