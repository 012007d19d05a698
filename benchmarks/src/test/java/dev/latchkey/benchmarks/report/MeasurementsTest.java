package dev.latchkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementsTest {
  private static final List<String> OUTPUT = List.of(
      "$ java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.ClusterPropagation",
      "some progress line",
      "propagation p50=41.0 p99=145.2 notify=on",
      "$ java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.ClusterPropagation --no-notify",
      "propagation p50=1190.0 p99=2626.0 notify=off",
      "$ java -Xmx6g -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.KeyStoreHeapPerKey 1000000",
      "storage=file keys=1000000 load_ms=4200 heap_bytes_per_key=310.4");

  @Test
  void eachKnownLineBecomesARowJudgedAgainstItsTargetWithTheCommandThatPrintedIt() {
    List<Measurements.Row> rows = Measurements.parse(OUTPUT);

    assertThat(rows).containsExactly(
        new Measurements.Row("revocation propagation, notifications on",
            "java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.ClusterPropagation",
            "p50 41.0 ms, p99 145.2 ms", "p99 ≤ 500 ms", true),
        new Measurements.Row("revocation propagation, notifications off",
            "java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.ClusterPropagation --no-notify",
            "p50 1190.0 ms, p99 2626.0 ms", "p99 ≤ 2500 ms", false),
        new Measurements.Row("initial load, file store, 1,000,000 keys",
            "java -Xmx6g -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.KeyStoreHeapPerKey 1000000",
            "4,200 ms", "≤ 5,000 ms", true),
        new Measurements.Row("heap per key, file store, 1,000,000 keys",
            "java -Xmx6g -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.KeyStoreHeapPerKey 1000000",
            "310 B", "≤ 300 B", false));
  }

  @Test
  void jwtFloorRatioGivesLatchkeyAgainstTheFloorAloneAndAgainstEachPeerAmongPeers() {
    List<Measurements.Row> rows = Measurements.parse(List.of(
        "$ java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.JwtFloorRatio",
        "RS256: 200 rounds of 230 calls per method (about 10 ms a slice), 17.0.13+11",
        "  method          wall µs/op      cpu µs/op     latchkey/it wall      latchkey/it cpu",
        "  latchkey             46.10          45.90                                          ",
        "  jca                  44.00          43.80  1.048 [1.030-1.061]  1.044 [1.028-1.059]",
        "ES256: 200 rounds of 80 calls per method (about 10 ms a slice), 17.0.13+11",
        "  jca                  90.00          89.80  1.090 [1.070-1.110]  1.101 [1.080-1.120]",
        "$ java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.JwtFloorRatio --peers",
        "RS256: 200 rounds of 230 calls per method (about 10 ms a slice), 17.0.13+11",
        "  jca                  44.00          43.80  1.100 [1.090-1.120]  1.108 [1.090-1.120]",
        "  fusionauth           49.00          48.80  0.930 [0.910-0.950]  0.925 [0.900-0.950]",
        "  nimbus               68.00          67.80  0.690 [0.670-0.700]  1.020 [1.000-1.040]"));

    assertThat(rows).extracting(Measurements.Row::measurement, Measurements.Row::figure, Measurements.Row::target, Measurements.Row::met)
        .containsExactly(
            tuple("Latchkey ÷ JCA floor, RS256, interleaved CPU time", "1.044 [1.028–1.059]", "≤ 1.05", true),
            tuple("Latchkey ÷ JCA floor, ES256, interleaved CPU time", "1.101 [1.080–1.120]", "", true),
            tuple("Latchkey ÷ fusionauth, RS256, interleaved CPU time", "0.925 [0.900–0.950]", "< 1", true),
            tuple("Latchkey ÷ nimbus, RS256, interleaved CPU time", "1.020 [1.000–1.040]", "< 1", false));
  }

  @Test
  void theReportShowsTheSectionOnlyWhenSomethingWasMeasured() {
    String with = BenchmarkReport.markdown(List.of(), List.of(), "chart.svg", "", "", Optional.empty(), Measurements.parse(OUTPUT));
    String without = BenchmarkReport.markdown(List.of(), List.of(), "chart.svg", "", "", Optional.empty(), List.of());

    assertThat(with).contains("## Runnable measurements", "| initial load, file store, 1,000,000 keys | 4,200 ms | ≤ 5,000 ms ✓ |",
        "| heap per key, file store, 1,000,000 keys | 310 B | ≤ 300 B ✗ |");
    assertThat(without).doesNotContain("Runnable measurements");
  }

  @Test
  void anAddedTimeTargetIsJudgedByTheDifferenceFromItsBaseline() {
    BenchmarkReport.Result plain = new BenchmarkReport.Result("MetricsBenchmark.plain", Map.of(), "sample p50", 800, Double.NaN, "ns/op");
    BenchmarkReport.Result close = new BenchmarkReport.Result("MetricsBenchmark.observed", Map.of(), "sample p50", 940, Double.NaN, "ns/op");
    BenchmarkReport.Result far = new BenchmarkReport.Result("MetricsBenchmark.observed", Map.of(), "sample p50", 960, Double.NaN, "ns/op");

    String met = BenchmarkReport.markdown(List.of(plain, close), List.of(), "chart.svg", "", "");
    String missed = BenchmarkReport.markdown(List.of(plain, far), List.of(), "chart.svg", "", "");

    assertThat(met).contains("| `MetricsBenchmark.observed` |  | sample p50 | 940 ns | `MetricsBenchmark.plain` | 800 ns | 1.18 | ≤ +150 ns ✓ |");
    assertThat(missed).contains("| `MetricsBenchmark.observed` |  | sample p50 | 960 ns | `MetricsBenchmark.plain` | 800 ns | 1.20 | ≤ +150 ns ✗ |");
  }
}
