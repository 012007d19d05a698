package dev.latchkey.benchmarks;

import dev.latchkey.Secret;
import dev.latchkey.hash.GeneratedKey;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.hash.KeyHash;
import dev.latchkey.hash.KeyHashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
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
 * Verifying a valid generated key through {@link HashedKeyIndex} ({@code latchkey}) against the least
 * work any digest-indexed check can do ({@code floor}: SHA-256 of the key and one {@code HashMap} look-up),
 * at 1 to 1,000,000 stored keys. Both walk the same sequence of 1,024 stored keys, so neither gets a
 * single warm cache line. Target: {@code latchkey / floor <= 1.5} at every {@code n}, flat in {@code n}.
 *
 * <p>{@code naiveBcryptLoop} is what Omnidev and mcp-data-platform do: bcrypt (cost 10) against each
 * stored hash until one matches; the key presented is the last one, as for any key added after the
 * others or an unknown key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class HashedKeyLookupBenchmark {

  /** n generated keys, indexed both ways. */
  @State(Scope.Benchmark)
  public static class Keys {
    @Param({"1", "1000", "100000", "1000000"})
    public int n;

    HashedKeyIndex index;
    Map<ByteBuffer, String> floorIndex;
    Secret[] probes;
    byte[][] probeBytes;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
      GeneratedKeys format = GeneratedKeys.standard();
      index = HashedKeyIndex.builder("bench").generatedKeys(format).build();
      floorIndex = new HashMap<>(n * 2);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      List<KeyEntry> entries = new ArrayList<>(n);
      int probeCount = Math.min(1024, n);
      probes = new Secret[probeCount];
      probeBytes = new byte[probeCount][];
      SplittableRandom random = new SplittableRandom(42);
      int stride = Math.max(1, n / probeCount);
      for (int i = 0; i < n; i++) {
        GeneratedKey key = format.generate();
        entries.add(KeyEntry.builder("k" + i, key.hash()).roles("reader").build());
        byte[] bytes = key.secret().expose().getBytes(StandardCharsets.UTF_8);
        floorIndex.put(ByteBuffer.wrap(sha256.digest(bytes)), "k" + i);
        if (i % stride == 0 && i / stride < probeCount) {
          probes[i / stride] = key.secret();
          probeBytes[i / stride] = bytes;
        }
      }
      index.replaceAll(entries);
      // Shuffle the probe order the same way for both methods.
      for (int i = probeCount - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Secret s = probes[i];
        probes[i] = probes[j];
        probes[j] = s;
        byte[] b = probeBytes[i];
        probeBytes[i] = probeBytes[j];
        probeBytes[j] = b;
      }
    }
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

  /** Latchkey: checksum, digest, probe, constant-time confirm. */
  @Benchmark
  public HashedKeyIndex.Lookup latchkey(Keys keys, Cursor cursor) {
    return keys.index.lookup(keys.probes[cursor.advance(keys.probes.length)]);
  }

  /** The floor: SHA-256 of the key and one HashMap look-up. */
  @Benchmark
  public String floor(Keys keys, Cursor cursor) throws NoSuchAlgorithmException {
    byte[] key = keys.probeBytes[cursor.advance(keys.probeBytes.length)];
    return keys.floorIndex.get(ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key)));
  }

  /** n bcrypt hashes (cost 10), as Omnidev's key file holds them. */
  @State(Scope.Benchmark)
  public static class BcryptKeys {
    @Param({"10", "100"})
    public int n;

    List<KeyHash> hashes;
    Secret lastKey;

    @Setup(Level.Trial)
    public void setUp() {
      hashes = new ArrayList<>(n);
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < n; i++) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        String key = "omnidev-style-key-" + i + "-" + Long.toHexString(random.nextLong());
        hashes.add(KeyHashes.parse(OpenBSDBCrypt.generate("2b", key.getBytes(StandardCharsets.UTF_8), salt, 10)));
        lastKey = Secret.of(key);
      }
    }
  }

  /** Omnidev's loop: bcrypt against each stored hash until one matches. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public boolean naiveBcryptLoop(BcryptKeys keys) {
    for (KeyHash hash : keys.hashes) {
      if (hash.verify(keys.lastKey)) {
        return true;
      }
    }
    return false;
  }
}
