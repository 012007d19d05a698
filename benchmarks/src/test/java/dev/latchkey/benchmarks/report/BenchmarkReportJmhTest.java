package dev.latchkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportJmhTest {
  @TempDir Path dir;

  private List<BenchmarkReport.Result> read(String mode, double mean, String rawData, String percentiles) throws IOException {
    Path file = dir.resolve("jmh.json");
    Files.writeString(file, "[{\"benchmark\":\"dev.latchkey.benchmarks.JwtPeersBenchmark.latchkeyRs256\",\"mode\":\"" + mode + "\","
        + "\"primaryMetric\":{\"score\":" + mean + ",\"scoreError\":1.5,\"scoreUnit\":\"ns/op\",\"scorePercentiles\":{" + percentiles
        + "},\"rawData\":" + rawData + "}}]");
    return BenchmarkReport.readJmh(file);
  }

  @Test
  void anAverageTimeScoreIsTheMedianIterationSoOneStalledIterationDoesNotMoveIt() throws IOException {
    List<BenchmarkReport.Result> results = read("avgt", 44_633, "[[37100,37200,59600]]", "");

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("JwtPeersBenchmark.latchkeyRs256");
      assertThat(r.mode()).isEqualTo("avgt");
      assertThat(r.score()).isEqualTo(37_200);
      assertThat(r.error()).isEqualTo(1.5);
    });
  }

  @Test
  void iterationsOfEveryForkCountAndAnEvenCountTakesTheMiddleTwo() throws IOException {
    assertThat(read("avgt", 0, "[[10,40],[20,30]]", "").get(0).score()).isEqualTo(25);
  }

  @Test
  void withFewerThanThreeIterationsTheScoreIsJmhsMean() throws IOException {
    assertThat(read("avgt", 15, "[[10,20]]", "").get(0).score()).isEqualTo(15);
  }

  @Test
  void aSampleModeScoreIsTheMedianSample() throws IOException {
    BenchmarkReport.Result r = read("sample", 900, "[]", "\"50.0\":400").get(0);

    assertThat(r.mode()).isEqualTo("sample p50");
    assertThat(r.score()).isEqualTo(400);
    assertThat(r.error()).isNaN();
  }
}
