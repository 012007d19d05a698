package dev.latchkey.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes {@code docs/benchmarks.md} and its latency chart (SVG) from the JSON that
 * {@code benchmarks/run} collects: JMH results, each benchmark beside the baseline it is judged
 * against from the same run, and the HTTP load run, each endpoint beside the unauthenticated one.
 * Records the machine the figures came from.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.report.BenchmarkReport
 *     [--jmh jmh.json] [--load load.jsonl] --out-md docs/benchmarks.md --out-svg docs/benchmarks-latency.svg}</pre>
 */
public final class BenchmarkReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each benchmark and the one it is compared with, from the same run and with the same parameters. */
  static final Map<String, String> BASELINES = Map.ofEntries(
      Map.entry("HashedKeyLookupBenchmark.latchkey", "HashedKeyLookupBenchmark.floor"),
      Map.entry("FileKeyStoreBenchmark.verify", "HashedKeyLookupBenchmark.latchkey"),
      Map.entry("JwtVerifyBenchmark.latchkeyRs256", "JwtVerifyBenchmark.jcaRs256"),
      Map.entry("JwtVerifyBenchmark.nimbusProcessorRs256", "JwtVerifyBenchmark.jcaRs256"),
      Map.entry("JwtVerifyBenchmark.latchkeyEs256", "JwtVerifyBenchmark.bouncyCastleEs256"),
      Map.entry("JwtVerifyBenchmark.jdkEs256", "JwtVerifyBenchmark.bouncyCastleEs256"),
      Map.entry("AuthenticatorBenchmark.authenticateBearer", "AuthenticatorBenchmark.floor"),
      Map.entry("AuthenticatorBenchmark.authenticateUnknownKey", "AuthenticatorBenchmark.floor"),
      Map.entry("PolicyBenchmark.withPolicies", "PolicyBenchmark.withoutPolicies"),
      Map.entry("RevocationBenchmark.check", "RevocationBenchmark.checkOnEmptySet"),
      Map.entry("RateLimiterBenchmark.latchkeyManyKeys", "RateLimiterBenchmark.bucket4jManyKeys"),
      Map.entry("RateLimiterBenchmark.latchkeyOneKey", "RateLimiterBenchmark.bucket4jOneKey"),
      Map.entry("RedisRateLimiterBenchmark.batched", "RedisRateLimiterBenchmark.exact"),
      Map.entry("MooseTokenBenchmark.cached", "MooseTokenBenchmark.uncached"),
      Map.entry("JwtPeersBenchmark.latchkeyRs256", "JwtPeersBenchmark.jcaRs256"),
      Map.entry("JwtPeersBenchmark.latchkeyEs256", "JwtPeersBenchmark.jcaEs256"),
      Map.entry("JwtPeersBenchmark.latchkeyEdDsa", "JwtPeersBenchmark.jcaEdDsa"),
      Map.entry("NativeCryptoBenchmark.latchkeyRs256Native", "NativeCryptoBenchmark.accpRs256"),
      Map.entry("NativeCryptoBenchmark.latchkeyEs256Native", "NativeCryptoBenchmark.accpEs256"),
      Map.entry("NativeCryptoBenchmark.latchkeyEdDsaNative", "NativeCryptoBenchmark.accpEdDsa"),
      Map.entry("MetricsBenchmark.events", "MetricsBenchmark.plain"),
      Map.entry("MetricsBenchmark.observed", "MetricsBenchmark.plain"),
      Map.entry("MetricsBenchmark.observedThroughObservations", "MetricsBenchmark.plain"),
      Map.entry("PostgresKeyStoreBenchmark.verify", "HashedKeyLookupBenchmark.latchkey"));

  /** The targets the issues set, as text, with how to check them. */
  static final Map<String, Target> TARGETS = Map.ofEntries(
      Map.entry("HashedKeyLookupBenchmark.latchkey", Target.ratio(1.5)),
      Map.entry("FileKeyStoreBenchmark.verify", Target.ratio(1.2).at("n", "1000000")),
      Map.entry("PostgresKeyStoreBenchmark.verify", Target.ratio(1.2).at("n", "1000000")),
      Map.entry("PostgresKeyStoreBenchmark.create", Target.absoluteNanos(5_000_000)),
      Map.entry("PostgresKeyStoreBenchmark.revoke", Target.absoluteNanos(5_000_000)),
      Map.entry("IndexUpdateBenchmark.applyOne", Target.absoluteNanos(1_000_000).at("n", "1000000")),
      Map.entry("IndexUpdateBenchmark.applyBatch1000", Target.absoluteNanos(20_000_000).at("n", "1000000")),
      Map.entry("MetricsBenchmark.observed", Target.difference(150)),
      Map.entry("JwtVerifyBenchmark.latchkeyRs256", Target.ratio(1.15)),
      Map.entry("JwtPeersBenchmark.latchkeyRs256", Target.ratio(JwtComparison.RS256_FLOOR_TARGET)),
      Map.entry("JwtVerifyBenchmark.latchkeyCachedRepeat", Target.absoluteNanos(2_000)),
      Map.entry("MooseTokenBenchmark.cached", Target.absoluteNanos(2_000)),
      Map.entry("PolicyBenchmark.allowlistAndRateLimit", Target.absoluteNanos(300)),
      Map.entry("RevocationBenchmark.check", Target.absoluteNanos(50)));

  /** Endpoints of the load run whose throughput must be at least 0.9 of the baseline's. */
  static final List<String> LOAD_TARGETED = List.of("apikey", "jwt-cached", "apikey-redis");
  /**
   * Each load-run endpoint and the one it is compared with: the unauthenticated one that received the
   * same requests, or for the Redis-counted endpoints the same API key without a rate limit.
   */
  static final Map<String, String> LOAD_BASELINES = Map.of(
      "apikey", "baseline", "jwt", "baseline-jwt", "jwt-cached", "baseline-jwt",
      "apikey-redis", "apikey", "apikey-redis-exact", "apikey");
  static final double LOAD_TARGET = 0.9;
  /** The {@code jwt} endpoint's target when the server verifies with the native provider ({@code LoadServer --accp}). */
  static final double LOAD_NATIVE_JWT_TARGET = 0.6;

  private BenchmarkReport() {}

  /**
   * A target: a ratio to the baseline, an absolute time, or a time added to the baseline's; set for the
   * parameters in {@code at} (all if empty).
   */
  record Target(Optional<Double> maxRatio, Optional<Double> maxNanos, Optional<Double> maxAddedNanos, Map<String, String> at) {
    static Target ratio(double r) {
      return new Target(Optional.of(r), Optional.empty(), Optional.empty(), Map.of());
    }

    static Target absoluteNanos(double ns) {
      return new Target(Optional.empty(), Optional.of(ns), Optional.empty(), Map.of());
    }

    static Target difference(double ns) {
      return new Target(Optional.empty(), Optional.empty(), Optional.of(ns), Map.of());
    }

    /** This target, set only for results with parameter {@code name} = {@code value}. */
    Target at(String name, String value) {
      return new Target(maxRatio, maxNanos, maxAddedNanos, Map.of(name, value));
    }

    boolean appliesTo(Result r) {
      return r.params().entrySet().containsAll(at.entrySet());
    }

    boolean needsBaseline() {
      return maxNanos.isEmpty();
    }

    /** Whether {@code r} meets this target beside {@code base} (present whenever {@link #needsBaseline}). */
    boolean met(Result r, Optional<Result> base) {
      if (maxRatio.isPresent()) {
        return r.nanos() / base.get().nanos() <= maxRatio.get();
      }
      if (maxAddedNanos.isPresent()) {
        return r.nanos() - base.get().nanos() <= maxAddedNanos.get();
      }
      return r.nanos() <= maxNanos.get();
    }

    String describe() {
      if (maxRatio.isPresent()) {
        return "≤ " + maxRatio.get() + "×";
      }
      return maxAddedNanos.map(ns -> "≤ +" + time(ns)).orElseGet(() -> "≤ " + time(maxNanos.get()));
    }
  }

  /** One JMH result. */
  record Result(String name, Map<String, String> params, String mode, double score, double error, String unit) {
    double nanos() {
      return toNanos(score, unit);
    }

    String paramText() {
      return params.isEmpty() ? "" : params.toString().replaceAll("[{}]", "");
    }
  }

  /**
   * The load run's figures for one endpoint: the median run by throughput, and every run's throughput
   * by round and by the endpoint it was paired with (empty for an endpoint's own runs).
   */
  record Load(
      String endpoint, int runs, double rps, double p50, double p90, double p99, double p999, long errors, long non2xx,
      Map<Run, Double> rpsByRun) {

    /** One run: its round, and the endpoint a baseline run was measured beside (empty otherwise). */
    record Run(int round, String pairedWith) {}

    /**
     * The median over rounds of this endpoint's throughput divided by {@code baseline}'s measured beside
     * it (or, in results without pairs, in the same round): pairing cancels the machine's drift.
     */
    Optional<Double> ratioTo(Load baseline) {
      List<Double> ratios = new ArrayList<>();
      rpsByRun.forEach((run, rps) -> {
        if (!run.pairedWith().isEmpty()) {
          // A run of this endpoint as another's baseline: its own pair is the one beside its own run.
          return;
        }
        Double base = baseline.rpsByRun().get(new Run(run.round(), endpoint));
        if (base == null) {
          base = baseline.rpsByRun().get(new Run(run.round(), ""));
        }
        if (base != null && base > 0) {
          ratios.add(rps / base);
        }
      });
      if (ratios.isEmpty()) {
        return Optional.empty();
      }
      ratios.sort(Comparator.naturalOrder());
      int n = ratios.size();
      return Optional.of(n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2);
    }
  }

  /**
   * {@code --jmh FILE --load FILE --out-md FILE --out-svg FILE [--results DIR] [--load-setup FILE]
   * [--openssl FILE] [--measurements FILE] [--command TEXT]}; the measurements file is what the runnable
   * measurements printed (see {@link Measurements}); the command is how {@code benchmarks/run} was invoked; the load setup file holds how the server and wrk were started, quoted as it is; the
   * OpenSSL file is {@code openssl speed}'s output. The JWT peers chart goes beside the latency chart, as
   * {@code benchmarks-jwt-peers.svg}.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    List<Result> jmh = options.containsKey("--jmh") ? readJmh(Path.of(options.get("--jmh"))) : List.of();
    List<Load> load = options.containsKey("--load") ? readLoad(Path.of(options.get("--load"))) : List.of();
    Path md = Path.of(options.getOrDefault("--out-md", "docs/benchmarks.md"));
    Path svg = Path.of(options.getOrDefault("--out-svg", "docs/benchmarks-latency.svg"));
    Files.createDirectories(md.toAbsolutePath().getParent());
    String loadSetup = options.containsKey("--load-setup") ? Files.readString(Path.of(options.get("--load-setup"))).strip() : "";
    String command = options.getOrDefault("--command", "");
    Optional<JwtComparison.OpenSsl> openssl =
        options.containsKey("--openssl") ? JwtComparison.OpenSsl.read(Path.of(options.get("--openssl"))) : Optional.empty();
    List<Measurements.Row> measured =
        options.containsKey("--measurements") ? Measurements.read(Path.of(options.get("--measurements"))) : List.of();
    Path peersSvg = svg.resolveSibling(PEERS_CHART);
    String text = markdown(jmh, load, svg.getFileName().toString(), options.getOrDefault("--results", ""), loadSetup, openssl, measured);
    if (!command.isBlank()) {
      int machine = text.indexOf("Machine: ");
      text = text.substring(0, machine) + "Command: `" + command + "`.\n\n" + text.substring(machine);
    }
    Files.writeString(md, text, StandardCharsets.UTF_8);
    if (!load.isEmpty()) {
      Files.writeString(svg, LatencyChart.svg(load), StandardCharsets.UTF_8);
    }
    if (JwtComparison.hasPeers(jmh)) {
      Files.writeString(peersSvg, JwtComparison.chart(jmh), StandardCharsets.UTF_8);
    }
  }

  static List<Result> readJmh(Path file) throws IOException {
    List<Result> results = new ArrayList<>();
    for (JsonNode n : JSON.readTree(file.toFile())) {
      String full = n.get("benchmark").asText();
      String[] parts = full.split("\\.");
      String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
      Map<String, String> params = new TreeMap<>();
      if (n.has("params")) {
        n.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      }
      JsonNode metric = n.get("primaryMetric");
      double error = metric.get("scoreError").isNumber() ? metric.get("scoreError").asDouble() : Double.NaN;
      String mode = n.get("mode").asText();
      double score = metric.get("score").asDouble();
      JsonNode median = metric.path("scorePercentiles").path("50.0");
      if (mode.equals("sample") && median.isNumber()) {
        // Sample-mode targets are medians: the mean of a sample run is pulled up by a few slow outliers.
        mode = "sample p50";
        score = median.asDouble();
        error = Double.NaN;
      } else {
        // Other modes: the median iteration, for the same reason at a coarser grain. On a shared
        // machine one stalled iteration in three pulls the mean up by a tenth or more; the median
        // does not move. The error stays JMH's, so the spread shows.
        List<Double> iterations = new ArrayList<>();
        metric.path("rawData").forEach(fork -> fork.forEach(v -> iterations.add(v.asDouble())));
        if (iterations.size() >= 3) {
          score = medianOf(iterations);
        }
      }
      results.add(new Result(name, params, mode, score, error, metric.get("scoreUnit").asText()));
    }
    return results;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double medianOf(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static List<Load> readLoad(Path file) throws IOException {
    Map<String, List<JsonNode>> byEndpoint = new LinkedHashMap<>();
    Map<String, Map<Load.Run, Double>> rpsByRun = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        JsonNode n = JSON.readTree(line);
        String endpoint = n.get("endpoint").asText();
        byEndpoint.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(n.get("result"));
        Load.Run run = new Load.Run(n.get("round").asInt(), n.path("paired_with").asText(""));
        rpsByRun.computeIfAbsent(endpoint, k -> new LinkedHashMap<>()).put(run, n.get("result").get("rps").asDouble());
      }
    }
    List<Load> loads = new ArrayList<>();
    byEndpoint.forEach((endpoint, runs) -> {
      List<JsonNode> sorted = new ArrayList<>(runs);
      sorted.sort(Comparator.comparingDouble(r -> r.get("rps").asDouble()));
      JsonNode median = sorted.get(sorted.size() / 2);
      long errors = runs.stream().mapToLong(r -> r.get("errors").asLong()).sum();
      long non2xx = runs.stream().mapToLong(r -> r.get("non2xx").asLong()).sum();
      loads.add(new Load(endpoint, runs.size(), median.get("rps").asDouble(), median.get("p50_us").asDouble(),
          median.get("p90_us").asDouble(), median.get("p99_us").asDouble(), median.get("p999_us").asDouble(), errors, non2xx,
          Map.copyOf(rpsByRun.get(endpoint))));
    });
    return loads;
  }

  /** The file name of the JWT peers chart, written beside the latency chart. */
  static final String PEERS_CHART = "benchmarks-jwt-peers.svg";

  static String markdown(List<Result> jmh, List<Load> load, String svgName, String resultsDir, String loadSetup) {
    return markdown(jmh, load, svgName, resultsDir, loadSetup, Optional.empty(), List.of());
  }

  static String markdown(List<Result> jmh, List<Load> load, String svgName, String resultsDir, String loadSetup,
      Optional<JwtComparison.OpenSsl> openssl, List<Measurements.Row> measured) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Generated by `benchmarks/run` on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(resultsDir.isEmpty() ? "" : " from `" + resultsDir + "`").append(". Figures are compared only with baselines ")
        .append("measured in the same run: machines are noisy, ratios travel better than absolute numbers.\n\n");
    md.append("Machine: ").append(machine()).append(".\n\n");
    if (!load.isEmpty()) {
      appendLoad(md, load, svgName, loadSetup);
    }
    if (JwtComparison.hasPeers(jmh)) {
      JwtComparison.appendPeers(md, jmh, PEERS_CHART);
    }
    if (JwtComparison.hasNative(jmh, openssl)) {
      JwtComparison.appendNative(md, jmh, openssl);
    }
    Measurements.append(md, measured);
    if (!jmh.isEmpty()) {
      appendJmh(md, jmh);
    }
    return md.toString();
  }

  private static void appendLoad(StringBuilder md, List<Load> load, String svgName, String loadSetup) {
    md.append("## Cost per request over HTTP\n\n");
    md.append("wrk against `LoadServer` (JDK `HttpServer` with the `LatchkeyFilter` adapter) on 127.0.0.1, the same ")
        .append("trivial endpoint behind each setup: no authentication, an API key from a `FileKeyStore` (requests rotate ")
        .append("through 1,024 of its keys), an RS256 JWT verified on every request, and the same JWT through the ")
        .append("verified-token cache. Each is compared with an unauthenticated baseline sent the very same requests (its ")
        .append("credential ignored), so the ratio is what authentication costs, not what a larger header costs to parse: ")
        .append("`baseline` for the API key, `baseline-jwt` for the JWTs. `apikey-redis` and `apikey-redis-exact` add a ")
        .append("per-principal rate limit (never reached) counted in Redis, batched and exact, on a redis-server the load server ")
        .append("starts; they are compared with `apikey`, so their ratio is what shared counting costs. ")
        .append("Each round measures every endpoint right beside a run of its baseline, in alternating order; × baseline ")
        .append("is the median over rounds of the throughput ratio within each pair (which cancels the machine's drift), ")
        .append("the other columns are the endpoint's median run. Target: API key, cached JWT and batched Redis counting ")
        .append("at least ").append(LOAD_TARGET).append(" × the baseline's requests/s; `jwt` at least ").append(LOAD_NATIVE_JWT_TARGET)
        .append(" × when the server verifies with Amazon Corretto Crypto Provider (`LoadServer --accp`).\n\n");
    if (!loadSetup.isEmpty()) {
      md.append(loadSetup).append("\n\n");
    }
    md.append("| endpoint | requests/s | × baseline | p50 | p90 | p99 | p99.9 | errors | non-2xx | runs |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Load l : load) {
      Optional<Load> baseline = load.stream()
          .filter(b -> b.endpoint().equals(LOAD_BASELINES.getOrDefault(l.endpoint(), l.endpoint())))
          .findFirst();
      Optional<Double> paired = baseline.flatMap(l::ratioTo);
      String ratio = paired.map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("—");
      if (LOAD_TARGETED.contains(l.endpoint()) && paired.isPresent()) {
        ratio += paired.get() >= LOAD_TARGET ? " ✓" : " ✗";
      } else if (l.endpoint().equals("jwt") && loadSetup.contains("--accp") && paired.isPresent()) {
        ratio += paired.get() >= LOAD_NATIVE_JWT_TARGET ? " ✓" : " ✗";
      }
      md.append(String.format(Locale.ROOT, "| `%s` | %,.0f | %s | %s | %s | %s | %s | %d | %d | %d |%n", l.endpoint(), l.rps(), ratio,
          micros(l.p50()), micros(l.p90()), micros(l.p99()), micros(l.p999()), l.errors(), l.non2xx(), l.runs()));
    }
    md.append("\n![Latency per endpoint against the unauthenticated baseline](").append(svgName).append(")\n\n");
  }

  private static void appendJmh(StringBuilder md, List<Result> jmh) {
    md.append("## JMH\n\n");
    md.append("`java -jar benchmarks/target/benchmarks.jar REGEX`; each benchmark beside its baseline from the same run ")
        .append("(same parameters). Score: the median iteration (sample mode: the median sample), so one iteration stalled by ")
        .append("the machine does not move it; ± is JMH's error of the mean, and shows the spread. ✓/✗: the target the issue set.\n\n");
    md.append("| benchmark | params | mode | score | baseline | baseline score | ratio | target |\n");
    md.append("|---|---|---|---:|---|---:|---:|---|\n");
    for (Result r : jmh) {
      String baselineName = BASELINES.get(r.name());
      Optional<Result> base = baselineName == null ? Optional.empty() : jmh.stream()
          .filter(b -> b.name().equals(baselineName) && b.mode().equals(r.mode()) && sharedParamsMatch(r, b))
          .findFirst();
      String ratio = base.map(b -> String.format(Locale.ROOT, "%.2f", r.nanos() / b.nanos())).orElse("—");
      Target target = Optional.ofNullable(TARGETS.get(r.name())).filter(t -> t.appliesTo(r)).orElse(null);
      String verdict = "";
      if (target != null && target.needsBaseline() && base.isEmpty()) {
        verdict = target.describe() + " (baseline not in this run)";
      } else if (target != null) {
        verdict = target.describe() + (target.met(r, base) ? " ✓" : " ✗");
      }
      md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s | %s | %s | %s |%n", r.name(), r.paramText(), r.mode(),
          score(r), baselineName == null ? "" : "`" + baselineName + "`", base.map(BenchmarkReport::score).orElse(""), ratio, verdict));
    }
    md.append('\n');
  }

  private static boolean sharedParamsMatch(Result a, Result b) {
    return a.params().entrySet().stream().allMatch(e -> !b.params().containsKey(e.getKey()) || b.params().get(e.getKey()).equals(e.getValue()));
  }

  private static String score(Result r) {
    String error = Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %s", time(toNanos(r.error(), r.unit())));
    return time(r.nanos()) + error;
  }

  static double toNanos(double value, String unit) {
    return switch (unit) {
      case "ns/op" -> value;
      case "us/op" -> value * 1e3;
      case "ms/op" -> value * 1e6;
      case "s/op" -> value * 1e9;
      default -> Double.NaN;
    };
  }

  static String time(double nanos) {
    if (Double.isNaN(nanos)) {
      return "?";
    }
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 10_000) {
      return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String micros(double us) {
    return time(us * 1e3);
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
    } catch (IOException | RuntimeException e) {
      // Not Linux: the rest still describes the machine.
    }
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB memory, %s %s on %s %s", Runtime.getRuntime().availableProcessors(), cpu,
        memory / 1073741824.0, System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("os.name"), System.getProperty("os.arch"));
  }
}
