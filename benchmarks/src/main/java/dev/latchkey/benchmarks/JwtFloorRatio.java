package dev.latchkey.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latchkey's JWT verification against the bare signature floor of {@link JwtPeersBenchmark}, measured
 * interleaved: within one JVM, short slices of Latchkey ({@code latchkey<Alg>}) and of the floor
 * ({@code jca<Alg>}) alternate, each slice timed by the wall clock and by the thread's own CPU time, and
 * the median of the per-round ratios is reported. A machine whose speed drifts (a shared or throttled
 * host, where JMH runs of the two methods one after the other are minutes apart) slows both halves of a
 * round alike, so the drift cancels in the ratio; CPU time also leaves out the time the thread was not
 * running. With {@code --peers}, every peer library of {@link JwtPeersBenchmark} joins the rotation and
 * Latchkey's ratio to each is reported too (below 1 means Latchkey is faster).
 *
 * <p>The verifiers, tokens and checks are {@link JwtPeersBenchmark#setUp}'s, so the comparison is the
 * benchmark's own: the floor is a bare {@code java.security.Signature} verify of the same signing input,
 * prepared once; Latchkey's verified-token cache is off; every peer checks signature, {@code exp},
 * {@code aud} and {@code iss}. Each algorithm is measured in a JVM of its own, started by this one.
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.JwtFloorRatio [--peers] [--rounds N]
 *     [--slice-ms MS] [--warmup-s S] [RS256] [ES256] [EdDSA]
 * </pre>
 *
 * <p>Defaults: all three algorithms, 200 rounds of 10 ms slices per method, 10 s of warm-up. Exits 1
 * when a target of issue #22 is missed: without {@code --peers}, the median CPU-time ratio of Latchkey to
 * the RS256 floor above 1.05; with {@code --peers}, a peer faster than Latchkey for any algorithm
 * measured. The floor is judged without peers only: the peers run the same JDK signature code in other
 * shapes, and in their company Latchkey's and the floor's times no longer compare as in
 * {@link JwtPeersBenchmark}, where each method has a JVM of its own.
 */
public final class JwtFloorRatio {
  static final double FLOOR_TARGET = 1.05;
  private static final List<String> ALGORITHMS = List.of("RS256", "ES256", "EdDSA");

  private static volatile Object sink;

  private JwtFloorRatio() {}

  /** One verification by one library; its result is kept so no work is optimised away. */
  private interface Method {
    Object run() throws Exception;
  }

  private record Named(String name, Method method) {}

  private record Options(boolean peers, int rounds, int sliceMs, int warmupS, List<String> algorithms) {
    static Options parse(String[] args) {
      boolean peers = false;
      int rounds = 200;
      int sliceMs = 10;
      int warmupS = 10;
      List<String> algorithms = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--peers" -> peers = true;
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--slice-ms" -> sliceMs = Integer.parseInt(args[++i]);
          case "--warmup-s" -> warmupS = Integer.parseInt(args[++i]);
          default -> {
            if (!ALGORITHMS.contains(args[i])) {
              throw new IllegalArgumentException("unknown argument " + args[i] + "; algorithms are " + ALGORITHMS);
            }
            algorithms.add(args[i]);
          }
        }
      }
      return new Options(peers, rounds, sliceMs, warmupS, algorithms.isEmpty() ? ALGORITHMS : algorithms);
    }

    List<String> forOne(String algorithm) {
      List<String> args = new ArrayList<>(List.of(
          "--rounds", String.valueOf(rounds), "--slice-ms", String.valueOf(sliceMs), "--warmup-s", String.valueOf(warmupS)));
      if (peers) {
        args.add("--peers");
      }
      args.add(algorithm);
      return args;
    }
  }

  /**
   * Measures, and prints one report per algorithm.
   *
   * @param args options and algorithms, as in the class comment
   * @throws Exception if the verifiers cannot be prepared or a child JVM cannot be started
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    boolean met;
    if (options.algorithms().size() == 1) {
      met = measure(options.algorithms().get(0), options);
    } else {
      met = true;
      for (String algorithm : options.algorithms()) {
        met &= inOwnJvm(options.forOne(algorithm));
      }
    }
    System.exit(met ? 0 : 1);
  }

  /** Runs this class for one algorithm in a fresh JVM, so no algorithm's profile shapes another's code. */
  private static boolean inOwnJvm(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JwtFloorRatio.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
  }

  private static boolean measure(String algorithm, Options options) throws Exception {
    JwtPeersBenchmark benchmark = new JwtPeersBenchmark();
    benchmark.setUp();
    JwtPeersBenchmark.Alg a = benchmark.alg(algorithm);
    List<Named> methods = new ArrayList<>();
    methods.add(new Named("latchkey", () -> JwtPeersBenchmark.latchkey(a, a.token)));
    methods.add(new Named("jca", () -> JwtPeersBenchmark.jca(a, a.signingInput, a.signature)));
    if (options.peers()) {
      if (a.fusionauth != null) {
        methods.add(new Named("fusionauth", () -> JwtPeersBenchmark.fusionauth(a, a.token)));
      }
      if (a.auth0 != null) {
        methods.add(new Named("auth0", () -> JwtPeersBenchmark.auth0(a, a.token)));
      }
      methods.add(new Named("jjwt", () -> JwtPeersBenchmark.jjwt(a, a.token)));
      methods.add(new Named("jose4j", () -> JwtPeersBenchmark.jose4j(a, a.token)));
      if (a.nimbus != null) {
        methods.add(new Named("nimbus", () -> JwtPeersBenchmark.nimbus(a, a.token)));
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int n = methods.size();

    // Warm-up, interleaved as the measurement is; then slices of a fixed count sized from the floor's speed.
    long warmupEnd = System.nanoTime() + options.warmupS() * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      for (Named m : methods) {
        run(m.method(), 200);
      }
    }
    long start = System.nanoTime();
    run(methods.get(1).method(), 200);
    int calls = (int) Math.max(1, options.sliceMs() * 1_000_000L * 200 / (System.nanoTime() - start));

    double[][] wall = new double[n][options.rounds()];
    double[][] cpu = new double[n][options.rounds()];
    for (int r = 0; r < options.rounds(); r++) {
      for (int k = 0; k < n; k++) {
        int i = (r + k) % n; // rotate the order, so no method always follows the same one
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        run(methods.get(i).method(), calls);
        wall[i][r] = System.nanoTime() - wall0;
        cpu[i][r] = threads.getCurrentThreadCpuTime() - cpu0;
      }
    }

    System.out.printf(Locale.ROOT, "%s: %d rounds of %d calls per method (about %d ms a slice), %s%n",
        algorithm, options.rounds(), calls, options.sliceMs(), Runtime.version());
    System.out.printf(Locale.ROOT, "  %-11s %14s %14s %20s %20s%n",
        "method", "wall µs/op", "cpu µs/op", "latchkey/it wall", "latchkey/it cpu");
    boolean met = true;
    for (int i = 0; i < n; i++) {
      double[] wallRatio = ratios(wall[0], wall[i]);
      double[] cpuRatio = ratios(cpu[0], cpu[i]);
      System.out.printf(Locale.ROOT, "  %-11s %14.2f %14.2f %20s %20s%n", methods.get(i).name(),
          median(wall[i]) / calls / 1000, median(cpu[i]) / calls / 1000,
          i == 0 ? "" : summary(wallRatio), i == 0 ? "" : summary(cpuRatio));
      if (i == 1 && algorithm.equals("RS256") && !options.peers()) {
        met &= median(cpuRatio) <= FLOOR_TARGET;
      } else if (i > 1) {
        met &= median(cpuRatio) < 1;
      }
    }
    System.out.printf(Locale.ROOT, "  (ratios: median [25th-75th percentile] of the per-round ratios; target %s)%n",
        met ? "met" : "MISSED");
    return met;
  }

  private static void run(Method method, int calls) throws Exception {
    Object last = null;
    for (int i = 0; i < calls; i++) {
      last = method.run();
    }
    sink = last;
  }

  private static double[] ratios(double[] numerators, double[] denominators) {
    double[] out = new double[numerators.length];
    for (int r = 0; r < out.length; r++) {
      out[r] = numerators[r] / denominators[r];
    }
    return out;
  }

  private static String summary(double[] values) {
    return String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", median(values), percentile(values, 25), percentile(values, 75));
  }

  private static double median(double[] values) {
    return percentile(values, 50);
  }

  private static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100.0 * (sorted.length - 1)))];
  }
}
