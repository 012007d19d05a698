package dev.latchkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportLoadTest {
  @TempDir Path dir;

  private static String run(String endpoint, int round, String pairedWith, double rps) {
    String paired = pairedWith == null ? "" : "\"paired_with\":\"" + pairedWith + "\",";
    return "{\"endpoint\":\"" + endpoint + "\",\"round\":" + round + "," + paired + "\"connections\":32,\"result\":"
        + "{\"requests\":1,\"duration_us\":1,\"rps\":" + rps + ",\"errors\":0,\"non2xx\":0,\"mean_us\":1,"
        + "\"p50_us\":1,\"p90_us\":2,\"p99_us\":3,\"p999_us\":4,\"max_us\":5}}";
  }

  private Map<String, BenchmarkReport.Load> read(String... lines) throws IOException {
    Path file = dir.resolve("load.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return BenchmarkReport.readLoad(file).stream().collect(Collectors.toMap(BenchmarkReport.Load::endpoint, Function.identity()));
  }

  @Test
  void anEndpointIsComparedWithTheBaselineRunMeasuredBesideIt() throws IOException {
    // One baseline serves two endpoints per round; the machine is twice as fast during the jwt-cached pair.
    Map<String, BenchmarkReport.Load> load = read(
        run("baseline-jwt", 1, "jwt", 100), run("jwt", 1, null, 50),
        run("baseline-jwt", 1, "jwt-cached", 200), run("jwt-cached", 1, null, 190),
        run("jwt-cached", 2, null, 95), run("baseline-jwt", 2, "jwt-cached", 100),
        run("jwt", 2, null, 100), run("baseline-jwt", 2, "jwt", 200));

    assertThat(load.get("jwt-cached").ratioTo(load.get("baseline-jwt")).orElseThrow()).isCloseTo(0.95, offset(1e-9));
    assertThat(load.get("jwt").ratioTo(load.get("baseline-jwt")).orElseThrow()).isCloseTo(0.5, offset(1e-9));
    assertThat(load.get("baseline-jwt").runs()).isEqualTo(4);
  }

  @Test
  void resultsWithoutPairsAreComparedWithinEachRoundAndTheMedianIsReported() throws IOException {
    Map<String, BenchmarkReport.Load> load = read(
        run("baseline", 1, null, 100), run("apikey", 1, null, 90),
        run("baseline", 2, null, 200), run("apikey", 2, null, 196),
        run("baseline", 3, null, 100), run("apikey", 3, null, 50));

    assertThat(load.get("apikey").ratioTo(load.get("baseline")).orElseThrow()).isCloseTo(0.9, offset(1e-9));
  }

  @Test
  void theLoadSetupIsQuotedInTheReport() throws IOException {
    List<BenchmarkReport.Load> load = List.copyOf(read(run("baseline", 1, "apikey", 100), run("apikey", 1, null, 95)).values());

    String md = BenchmarkReport.markdown(List.of(), load, "chart.svg", "results/x", "Server: `taskset -c 0 java … LoadServer`.");

    assertThat(md).contains("Server: `taskset -c 0 java … LoadServer`.").contains("| `apikey` | 95 | 0.95 ✓ |");
  }
}
