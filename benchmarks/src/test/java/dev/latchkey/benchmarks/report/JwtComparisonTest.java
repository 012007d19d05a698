package dev.latchkey.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtComparisonTest {
  private static final String SPEED = """
      version: 3.0.19
      built on: Fri Apr  3 12:29:32 2026 UTC
                        sign    verify    sign/s verify/s
      rsa 2048 bits 0.000647s 0.000032s   1545.5  31250.0
                                    sign    verify    sign/s verify/s
       256 bits ecdsa (nistp256)   0.0000s   0.0001s  25609.8   8000.0
                                    sign    verify    sign/s verify/s
       253 bits EdDSA (Ed25519)   0.0001s   0.0002s  18346.1   5000.0
      """;

  private static BenchmarkReport.Result result(String name, double micros) {
    return new BenchmarkReport.Result(name, Map.of(), "avgt", micros, 0.1, "us/op");
  }

  @Test
  void opensslSpeedGivesTheTimePerVerifyOfEachAlgorithm() {
    JwtComparison.OpenSsl speed = JwtComparison.OpenSsl.parse(SPEED);

    assertThat(speed.version()).isEqualTo("3.0.19");
    assertThat(speed.verifyNanos().get("Rs256")).isCloseTo(32_000, within(0.5));
    assertThat(speed.verifyNanos().get("Es256")).isCloseTo(125_000, within(0.5));
    assertThat(speed.verifyNanos().get("EdDsa")).isCloseTo(200_000, within(0.5));
  }

  @Test
  void thePeersTableShowsEachLibraryAgainstTheFloorAndLatchkeyAgainstTheFastestPeer() {
    List<BenchmarkReport.Result> jmh = List.of(
        result("JwtPeersBenchmark.jcaRs256", 40), result("JwtPeersBenchmark.latchkeyRs256", 41),
        result("JwtPeersBenchmark.fusionauthRs256", 44), result("JwtPeersBenchmark.nimbusRs256", 70));

    String md = BenchmarkReport.markdown(jmh, List.of(), "chart.svg", "", "", Optional.empty(), List.of());

    assertThat(md).contains("| RS256 | 40 µs | 41 µs (1.03×) ✓ | 44 µs (1.10×) | n/a | n/a | n/a | 70 µs (1.75×) | 0.93× `fusionauthRs256` ✓ |");
    assertThat(JwtComparison.chart(jmh)).contains("<svg").contains("fusionauth");
  }

  @Test
  void theNativeTableComparesLatchkeyWithAccpAgainstOpenssl() {
    List<BenchmarkReport.Result> jmh = List.of(
        result("NativeCryptoBenchmark.latchkeyRs256Native", 40), result("NativeCryptoBenchmark.accpRs256", 35));

    String md = BenchmarkReport.markdown(jmh, List.of(), "chart.svg", "", "", Optional.of(JwtComparison.OpenSsl.parse(SPEED)), List.of());

    assertThat(md).contains("| RS256 | 32 µs | 35 µs | — | — | 40 µs | 1.25 ✓ | — |");
  }
}
