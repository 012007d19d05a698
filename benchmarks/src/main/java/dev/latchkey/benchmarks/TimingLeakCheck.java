package dev.latchkey.benchmarks;

import dev.latchkey.Credential;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.hash.GeneratedKey;
import dev.latchkey.hash.GeneratedKeys;
import dev.latchkey.hash.HashedKeyIndex;
import dev.latchkey.hash.KeyEntry;
import dev.latchkey.keystore.file.FileKeyStore;
import dev.latchkey.keystore.file.IssuedKey;
import dev.latchkey.keystore.file.KeyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * A dudect-style check that a digest-indexed store takes the same time for an unknown key as for a key
 * with the right prefix and all but the last character of a stored key (a valid checksum, so both pass
 * the offline check and reach the digest and the look-up).
 *
 * <p>Measurements of the two classes are interleaved at random, one call each; the first fifth is
 * dropped as warm-up. Welch's t is reported on all measurements and on those below the 50th, 90th and
 * 99th percentiles (dudect's cropping, which removes the long tail that interrupts and collections add).
 * As in dudect, |t| below 4.5 is no evidence of a difference; 10 or more is a leak. A control target, a
 * byte-by-byte comparison that stops at the first difference, shows the harness can see a leak of a few
 * nanoseconds; a calibration target, two sets of unknown keys, shows it sees none where there is none.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.TimingLeakCheck [samples per target]
 * </pre>
 *
 * <p>Exits 1 if the largest |t| of a store or of the calibration is 4.5 or more, or if the control's is
 * below 10.
 */
public final class TimingLeakCheck {
  private static final double NO_EVIDENCE = 4.5;
  private static final double LEAK = 10;
  private static final int STORED = 10_000;

  private TimingLeakCheck() {}

  /** Runs the check; the optional argument is the number of measurements per target (2,000,000). */
  public static void main(String[] args) throws IOException {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    GeneratedKeys format = GeneratedKeys.standard();

    List<Secret> stored = new ArrayList<>(STORED);
    List<KeyEntry> entries = new ArrayList<>(STORED);
    for (int i = 0; i < STORED; i++) {
      GeneratedKey key = format.generate();
      stored.add(key.secret());
      entries.add(KeyEntry.builder("k" + i, key.hash()).name("key-" + i).roles("reader").build());
    }
    HashedKeyIndex index = HashedKeyIndex.builder("timing").generatedKeys(format).build();
    index.replaceAll(entries);

    Path dir = Files.createTempDirectory("latchkey-timing");
    List<Secret> fileStored = new ArrayList<>();
    boolean failed = false;
    try (FileKeyStore store = FileKeyStore.builder(dir.resolve("keys.json"))
        .refreshInterval(Duration.ZERO).flushInterval(Duration.ZERO).open()) {
      List<KeyRequest> requests = new ArrayList<>();
      for (int i = 0; i < STORED; i++) {
        requests.add(KeyRequest.named("key-" + i).roles("reader").build());
      }
      for (IssuedKey issued : store.createAll(requests)) {
        fileStored.add(issued.secret());
      }

      System.out.printf(Locale.ROOT, "jdk=%s stored_keys=%d samples_per_target=%d%n",
          System.getProperty("java.version"), STORED, samples);
      String[] unknown = unknown(format, samples);
      failed |= report("calibration, HashedKeyIndex.verify (a, b: unknown keys)",
          measure(index::verify, unknown, unknown(format, samples), samples), false);
      failed |= report("HashedKeyIndex.verify (a: unknown key, b: right prefix, wrong secret)", measure(index::verify, unknown, nearMisses(stored, samples), samples), false);
      failed |= report("FileKeyStore.verify (a: unknown key, b: right prefix, wrong secret)", measure(store::verify, unknown, nearMisses(fileStored, samples), samples), false);
    }
    byte[][] storedBytes = {stored.get(0).expose().getBytes(StandardCharsets.US_ASCII)};
    failed |= report("control, early-exit byte compare (a: unknown key, b: right prefix, wrong secret)",
        measure(earlyExitCompare(storedBytes[0]), unknown(format, samples), nearMisses(stored.subList(0, 1), samples), samples), true);
    System.exit(failed ? 1 : 0);
  }

  /** Fresh keys of the same format, which no store holds, one for each measurement. */
  private static String[] unknown(GeneratedKeys format, int count) {
    String[] pool = new String[count];
    for (int i = 0; i < count; i++) {
      pool[i] = format.generate().secret().expose();
    }
    return pool;
  }

  /**
   * One for each measurement: a random stored key with its last two body characters replaced at random
   * and the checksum made valid again. Inputs are not reused: a small pool would give each class a
   * fixed set of table slots, whose chance cost difference many samples would then detect.
   */
  private static String[] nearMisses(List<Secret> stored, int count) {
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    String[] pool = new String[count];
    for (int i = 0; i < count; i++) {
      String key = stored.get(random.nextInt(stored.size())).expose();
      String head = key.substring(0, key.length() - 6);
      String changed;
      do {
        changed = head.substring(0, head.length() - 2) + alphabet.charAt(random.nextInt(62)) + alphabet.charAt(random.nextInt(62));
      } while (changed.equals(head));
      pool[i] = changed + checksum(changed);
    }
    return pool;
  }

  /** The generated-key checksum: the CRC32 of the head in six base62 digits. */
  private static String checksum(String head) {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    CRC32 crc = new CRC32();
    crc.update(head.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    char[] out = new char[6];
    for (int i = 5; i >= 0; i--) {
      out[i] = alphabet.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(out);
  }

  private static final Verdict SAME = Verdict.abstain("control: same bytes");
  private static final Verdict DIFFERENT = Verdict.abstain("control: different bytes");

  /** The control: compares with one stored key byte by byte, stopping at the first difference. */
  private static Function<Credential, Verdict> earlyExitCompare(byte[] storedKey) {
    return credential -> {
      byte[] candidate = credential.secret().expose().getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < Math.min(storedKey.length, candidate.length); i++) {
        if (storedKey[i] != candidate[i]) {
          return DIFFERENT;
        }
      }
      return storedKey.length == candidate.length ? SAME : DIFFERENT;
    };
  }

  /** The two classes' times, in nanoseconds, after warm-up. */
  private record Samples(long[] unknown, int unknownCount, long[] nearMiss, int nearMissCount) {}

  private static Samples measure(Function<Credential, Verdict> target, String[] unknownKeys, String[] nearMissKeys, int samples) {
    for (int i = 0; i < Math.min(samples, 10_000); i++) {
      Verdict a = target.apply(Credential.bearer(unknownKeys[i]));
      Verdict b = target.apply(Credential.bearer(nearMissKeys[i]));
      if (!a.equals(b)) {
        throw new IllegalStateException("the classes must reach the same outcome, but got " + a + " and " + b);
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    boolean[] classOf = new boolean[samples];
    Credential[] inputs = new Credential[samples];
    // One array in measurement order, each credential made fresh: neither class sits more compactly in
    // memory than the other (their construction left different garbage, and a collection copies objects
    // array by array).
    for (int i = 0; i < samples; i++) {
      classOf[i] = random.nextBoolean();
      inputs[i] = Credential.bearer(new String((classOf[i] ? nearMissKeys[i] : unknownKeys[i]).toCharArray()));
    }
    System.gc();
    long[] times = new long[samples];
    Object sink = null;
    for (int i = 0; i < samples; i++) {
      Credential credential = inputs[i];
      long start = System.nanoTime();
      sink = target.apply(credential);
      times[i] = System.nanoTime() - start;
    }
    if (sink == null) {
      throw new IllegalStateException("no verdict");
    }
    long[] a = new long[samples];
    long[] b = new long[samples];
    int na = 0;
    int nb = 0;
    for (int i = samples / 5; i < samples; i++) {
      if (classOf[i]) {
        b[nb++] = times[i];
      } else {
        a[na++] = times[i];
      }
    }
    return new Samples(a, na, b, nb);
  }

  private static boolean report(String target, Samples s, boolean control) {
    long[] all = new long[s.unknownCount() + s.nearMissCount()];
    System.arraycopy(s.unknown(), 0, all, 0, s.unknownCount());
    System.arraycopy(s.nearMiss(), 0, all, s.unknownCount(), s.nearMissCount());
    Arrays.sort(all);
    double worst = 0;
    StringBuilder line = new StringBuilder(target);
    line.append(String.format(Locale.ROOT, ": mean_a_ns=%.1f mean_b_ns=%.1f",
        mean(s.unknown(), s.unknownCount(), Long.MAX_VALUE), mean(s.nearMiss(), s.nearMissCount(), Long.MAX_VALUE)));
    for (int percentile : new int[] {100, 99, 90, 50}) {
      long cut = percentile == 100 ? Long.MAX_VALUE : all[(int) ((long) all.length * percentile / 100)];
      double t = welch(s, cut);
      worst = Math.max(worst, Math.abs(t));
      line.append(String.format(Locale.ROOT, " t%s=%.2f", percentile == 100 ? "_all" : "_p" + percentile, t));
    }
    boolean failed = control ? worst < LEAK : worst >= NO_EVIDENCE;
    line.append(String.format(Locale.ROOT, " max_abs_t=%.2f -> %s", worst,
        control ? (failed ? "CONTROL NOT DETECTED" : "leak detected, as it must be")
            : (failed ? "TIMING DIFFERENCE" : "no evidence of a difference")));
    System.out.println(line);
    return failed;
  }

  /** Welch's t between the classes, over measurements below {@code cut}. */
  private static double welch(Samples s, long cut) {
    double ma = mean(s.unknown(), s.unknownCount(), cut);
    double mb = mean(s.nearMiss(), s.nearMissCount(), cut);
    double[] va = variance(s.unknown(), s.unknownCount(), cut, ma);
    double[] vb = variance(s.nearMiss(), s.nearMissCount(), cut, mb);
    return (ma - mb) / Math.sqrt(va[0] / va[1] + vb[0] / vb[1]);
  }

  private static double mean(long[] values, int count, long cut) {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < count; i++) {
      if (values[i] < cut) {
        sum += values[i];
        n++;
      }
    }
    return sum / n;
  }

  /** The sample variance and the count, over values below {@code cut}. */
  private static double[] variance(long[] values, int count, long cut, double mean) {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < count; i++) {
      if (values[i] < cut) {
        double d = values[i] - mean;
        sum += d * d;
        n++;
      }
    }
    return new double[] {sum / (n - 1), n};
  }
}
