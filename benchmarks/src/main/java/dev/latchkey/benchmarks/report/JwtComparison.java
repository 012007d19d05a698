package dev.latchkey.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's JWT sections: Latchkey against every JVM peer ({@code JwtPeersBenchmark}), and against
 * the native floor ({@code NativeCryptoBenchmark} beside {@code openssl speed} from the same run), with a
 * chart of the peers. Every ratio is between figures of one run.
 */
final class JwtComparison {
  static final List<String> ALGORITHMS = List.of("Rs256", "Es256", "EdDsa");
  static final List<String> LIBRARIES = List.of("latchkey", "fusionauth", "auth0", "jjwt", "jose4j", "nimbus");
  static final double RS256_FLOOR_TARGET = 1.05;
  static final double OPENSSL_TARGET = 1.3;
  private static final String PEERS = "JwtPeersBenchmark.";
  private static final String NATIVE = "NativeCryptoBenchmark.";

  private JwtComparison() {}

  /** OpenSSL's time per verify (ns) by JWS algorithm, and the version line, from {@code openssl speed} output. */
  record OpenSsl(String version, Map<String, Double> verifyNanos) {
    private static final Map<String, Pattern> LINES = Map.of(
        "Rs256", Pattern.compile("^rsa\\s+2048 bits\\s+\\S+\\s+\\S+\\s+[\\d.]+\\s+([\\d.]+)", Pattern.MULTILINE),
        "Es256", Pattern.compile("^\\s*256 bits ecdsa \\(nistp256\\)\\s+\\S+\\s+\\S+\\s+[\\d.]+\\s+([\\d.]+)", Pattern.MULTILINE),
        "EdDsa", Pattern.compile("^\\s*253 bits EdDSA \\(Ed25519\\)\\s+\\S+\\s+\\S+\\s+[\\d.]+\\s+([\\d.]+)", Pattern.MULTILINE));

    static Optional<OpenSsl> read(Path file) throws IOException {
      return Files.exists(file) ? Optional.of(parse(Files.readString(file))) : Optional.empty();
    }

    static OpenSsl parse(String text) {
      Map<String, Double> nanos = new LinkedHashMap<>();
      for (String alg : ALGORITHMS) {
        Matcher m = LINES.get(alg).matcher(text);
        if (m.find()) {
          nanos.put(alg, 1e9 / Double.parseDouble(m.group(1)));
        }
      }
      String version = text.lines().filter(l -> l.startsWith("version:")).findFirst()
          .map(l -> l.replace("version:", "").trim()).orElse("");
      return new OpenSsl(version, nanos);
    }
  }

  private static Optional<BenchmarkReport.Result> find(List<BenchmarkReport.Result> jmh, String name) {
    return jmh.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  static boolean hasPeers(List<BenchmarkReport.Result> jmh) {
    return jmh.stream().anyMatch(r -> r.name().startsWith(PEERS));
  }

  static boolean hasNative(List<BenchmarkReport.Result> jmh, Optional<OpenSsl> openssl) {
    return openssl.isPresent() || jmh.stream().anyMatch(r -> r.name().startsWith(NATIVE));
  }

  static void appendPeers(StringBuilder md, List<BenchmarkReport.Result> jmh, String chartName) {
    md.append("## JWT verification against every JVM peer\n\n");
    md.append("`JwtPeersBenchmark`: one thread; for each algorithm every library verifies the very same token (signature, ")
        .append("`exp` required, `aud`, `iss`) with its key parsed beforehand; Latchkey without its verified-token cache. ")
        .append("`jca` is the floor: a bare `java.security.Signature` verify of the same signing input (prepared once, re-used), on ")
        .append("the provider Latchkey's `auto` choice takes without a native provider (SunRsaSign for RS256, BouncyCastle ")
        .append("for ES256 and EdDSA). Each cell: time per verification, and × the floor. No ACCP in these JVMs. ")
        .append("Targets: Latchkey RS256 ≤ ").append(RS256_FLOOR_TARGET).append(" × the floor; Latchkey faster than every peer.\n\n");
    md.append("| algorithm | jca (floor) |");
    LIBRARIES.forEach(l -> md.append(' ').append(l).append(" |"));
    md.append(" Latchkey vs fastest peer |\n|---|---:|");
    LIBRARIES.forEach(l -> md.append("---:|"));
    md.append("---|\n");
    for (String alg : ALGORITHMS) {
      Optional<BenchmarkReport.Result> floor = find(jmh, PEERS + "jca" + alg);
      Optional<BenchmarkReport.Result> latchkey = find(jmh, PEERS + "latchkey" + alg);
      md.append("| ").append(alg.toUpperCase(Locale.ROOT).replace("EDDSA", "EdDSA")).append(" | ")
          .append(floor.map(f -> BenchmarkReport.time(f.nanos())).orElse("—")).append(" |");
      Optional<BenchmarkReport.Result> fastestPeer = Optional.empty();
      for (String lib : LIBRARIES) {
        Optional<BenchmarkReport.Result> r = find(jmh, PEERS + lib + alg);
        if (r.isEmpty()) {
          md.append(" n/a |");
          continue;
        }
        md.append(' ').append(BenchmarkReport.time(r.get().nanos()));
        floor.ifPresent(f -> md.append(" (").append(ratio(r.get().nanos(), f.nanos())).append("×)"));
        if (lib.equals("latchkey") && alg.equals("Rs256") && floor.isPresent()) {
          md.append(r.get().nanos() / floor.get().nanos() <= RS256_FLOOR_TARGET ? " ✓" : " ✗");
        }
        md.append(" |");
        if (!lib.equals("latchkey") && (fastestPeer.isEmpty() || r.get().nanos() < fastestPeer.get().nanos())) {
          fastestPeer = r;
        }
      }
      if (latchkey.isPresent() && fastestPeer.isPresent()) {
        BenchmarkReport.Result peer = fastestPeer.get();
        boolean faster = latchkey.get().nanos() < peer.nanos();
        md.append(' ').append(ratio(latchkey.get().nanos(), peer.nanos())).append("× `").append(peer.name().substring(PEERS.length()))
            .append('`').append(faster ? " ✓" : " ✗").append(" |\n");
      } else {
        md.append(" — |\n");
      }
    }
    md.append("\nn/a: the library cannot verify that token. auth0 java-jwt has no EdDSA; fusionauth-jwt 6.0 reads only the ")
        .append("fully specified `\"alg\": \"Ed25519\"` (RFC 9864) and refuses `\"alg\": \"EdDSA\"`; Nimbus's `DefaultJWTProcessor` ")
        .append("finds no key for EdDSA (its key selector needs `java.security` keys, which an Ed25519 `OctetKeyPair` does ")
        .append("not convert to), so Nimbus verifies EdDSA only when wired by hand.\n\n");
    md.append("![Time per JWT verification, Latchkey and every JVM peer](").append(chartName).append(")\n\n");
  }

  static void appendNative(StringBuilder md, List<BenchmarkReport.Result> jmh, Optional<OpenSsl> openssl) {
    md.append("## Native crypto\n\n");
    md.append("`NativeCryptoBenchmark` runs with Amazon Corretto Crypto Provider (ACCP) installed, so Latchkey's `auto` ")
        .append("choice verifies with it (`latchkey…Native`: the same tokens and checks as above); beside it, a bare verify ")
        .append("with a prepared `Signature` on each provider. `openssl speed -seconds 3 rsa2048 ecdsap256 ed25519` ran in the ")
        .append("same run (one core)").append(openssl.map(o -> o.version().isEmpty() ? "" : ", OpenSSL " + o.version()).orElse(""))
        .append(". Target: Latchkey with ACCP ≤ ").append(OPENSSL_TARGET).append(" × OpenSSL's time per verify for RS256 and ES256.\n\n");
    md.append("| algorithm | OpenSSL | ACCP bare | JDK bare | BouncyCastle bare | Latchkey, ACCP | × OpenSSL | Latchkey, no ACCP (peers run) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String alg : ALGORITHMS) {
      Optional<Double> ossl = openssl.flatMap(o -> Optional.ofNullable(o.verifyNanos().get(alg)));
      Optional<BenchmarkReport.Result> latchkeyNative = find(jmh, NATIVE + "latchkey" + alg + "Native");
      String vsOpenssl = "—";
      if (ossl.isPresent() && latchkeyNative.isPresent()) {
        double r = latchkeyNative.get().nanos() / ossl.get();
        vsOpenssl = String.format(Locale.ROOT, "%.2f", r);
        if (!alg.equals("EdDsa")) {
          vsOpenssl += r <= OPENSSL_TARGET ? " ✓" : " ✗";
        }
      }
      md.append("| ").append(alg.toUpperCase(Locale.ROOT).replace("EDDSA", "EdDSA"))
          .append(" | ").append(ossl.map(BenchmarkReport::time).orElse("—"))
          .append(" | ").append(cell(jmh, NATIVE + "accp" + alg))
          .append(" | ").append(cell(jmh, NATIVE + "jdk" + alg))
          .append(" | ").append(cell(jmh, NATIVE + "bouncyCastle" + alg))
          .append(" | ").append(cell(jmh, NATIVE + "latchkey" + alg + "Native"))
          .append(" | ").append(vsOpenssl)
          .append(" | ").append(cell(jmh, PEERS + "latchkey" + alg)).append(" |\n");
    }
    md.append('\n');
  }

  private static String cell(List<BenchmarkReport.Result> jmh, String name) {
    return find(jmh, name).map(r -> BenchmarkReport.time(r.nanos())).orElse("—");
  }

  /** A bar chart of the peers table: time per verification, one group per algorithm. */
  static String chart(List<BenchmarkReport.Result> jmh) {
    String[] colours = {"#2ca02c", "#7f7f7f", "#4c78a8", "#f58518", "#e45756", "#b279a2", "#9d755d"};
    List<String> series = new java.util.ArrayList<>(List.of("jca"));
    series.addAll(LIBRARIES);
    int barHeight = 13;
    int groupGap = 20;
    int left = 130;
    int width = 760;
    int plot = width - left - 90;
    int top = 50;
    double max = jmh.stream().filter(r -> r.name().startsWith(PEERS)).mapToDouble(BenchmarkReport.Result::nanos).max().orElse(1);
    StringBuilder bars = new StringBuilder();
    int y = top;
    for (String alg : ALGORITHMS) {
      bars.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 10,
          alg.toUpperCase(Locale.ROOT).replace("EDDSA", "EdDSA")));
      y += 16;
      for (int i = 0; i < series.size(); i++) {
        Optional<BenchmarkReport.Result> r = find(jmh, PEERS + series.get(i) + alg);
        if (r.isEmpty()) {
          continue;
        }
        int w = (int) Math.max(1, Math.round(r.get().nanos() / max * plot));
        bars.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%d\" font-size=\"11\">%s</text>%n", y + barHeight - 3,
            series.get(i).equals("jca") ? "jca (floor)" : series.get(i)));
        bars.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", left, y, w,
            barHeight - 2, colours[i]));
        bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", left + w + 4, y + barHeight - 3,
            BenchmarkReport.time(r.get().nanos())));
        y += barHeight;
      }
      y += groupGap;
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, y + 10));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Time per JWT verification, one thread (lower is better)</text>\n");
    s.append(bars);
    s.append("</svg>\n");
    return s.toString();
  }
}
