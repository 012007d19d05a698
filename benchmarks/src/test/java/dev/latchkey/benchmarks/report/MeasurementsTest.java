package dev.latchkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

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
