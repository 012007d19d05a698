package dev.latchkey.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's section on the runnable measurements that are not JMH benchmarks, read from the file
 * {@code benchmarks/run} writes ({@code measurements.txt}): each measurement's command on a line of its
 * own ({@code $ java …}), then what it printed. Reads the lines it knows — {@code ClusterPropagation}'s
 * {@code propagation p50=… p99=… notify=on|off}, {@code KeyStoreHeapPerKey}'s
 * {@code storage=… keys=… load_ms=… heap_bytes_per_key=…} and {@code JwtFloorRatio}'s table rows — and
 * judges each against its target.
 */
final class Measurements {
  /** Propagation p99 with notifications, in milliseconds. */
  static final double PROPAGATION_NOTIFY_MS = 500;
  /** The store's default poll interval, in milliseconds: without notifications the target is this plus 500 ms. */
  static final double POLL_INTERVAL_MS = 2_000;
  /** The initial load of a million keys, in milliseconds. */
  static final double LOAD_MS = 5_000;
  /** Retained heap per key after the initial load, in bytes. */
  static final double HEAP_BYTES_PER_KEY = 300;

  private static final Pattern PROPAGATION = Pattern.compile("^propagation p50=([\\d.]+) p99=([\\d.]+) notify=(on|off)$");
  private static final Pattern FLOOR_HEADER = Pattern.compile("^(RS256|ES256|EdDSA): \\d+ rounds of .*");
  /** A JwtFloorRatio row: method, wall and CPU µs/op, then Latchkey's wall and CPU ratios to it. */
  private static final Pattern FLOOR_ROW =
      Pattern.compile("^(\\w+)\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+ \\[[\\d.-]+\\]\\s+(([\\d.]+) \\[([\\d.]+)-([\\d.]+)\\])$");
  /** Latchkey's RS256 CPU time over the bare signature floor's, interleaved. */
  static final double RS256_FLOOR = 1.05;
  private static final Pattern HEAP =
      Pattern.compile("^storage=(\\S+) keys=(\\d+) load_ms=(\\d+) heap_bytes_per_key=([\\d.]+)$");

  private Measurements() {}

  /** One judged figure: what was measured, by which command, the figure as text, and the target's verdict. */
  record Row(String measurement, String command, String figure, String target, boolean met) {}

  /**
   * The rows of a measurements file; empty if there is none.
   *
   * @param file the file {@code benchmarks/run} wrote
   * @return the rows, in the file's order
   * @throws IOException if the file exists but cannot be read
   */
  static List<Row> read(Path file) throws IOException {
    return Files.exists(file) ? parse(Files.readAllLines(file)) : List.of();
  }

  static List<Row> parse(List<String> lines) {
    List<Row> rows = new ArrayList<>();
    String command = "";
    String algorithm = "";
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("$ ")) {
        command = line.substring(2);
        continue;
      }
      Matcher header = FLOOR_HEADER.matcher(line);
      if (header.matches()) {
        algorithm = header.group(1);
        continue;
      }
      Matcher floor = FLOOR_ROW.matcher(line);
      if (floor.matches() && !algorithm.isEmpty()) {
        floorRow(rows, command, algorithm, floor).ifPresent(rows::add);
        continue;
      }
      Matcher p = PROPAGATION.matcher(line);
      if (p.matches()) {
        boolean notify = p.group(3).equals("on");
        double p99 = Double.parseDouble(p.group(2));
        double limit = notify ? PROPAGATION_NOTIFY_MS : POLL_INTERVAL_MS + 500;
        rows.add(new Row("revocation propagation, notifications " + p.group(3), command,
            String.format(Locale.ROOT, "p50 %s ms, p99 %s ms", p.group(1), p.group(2)),
            String.format(Locale.ROOT, "p99 ≤ %.0f ms", limit), p99 <= limit));
        continue;
      }
      Matcher h = HEAP.matcher(line);
      if (h.matches()) {
        long loadMs = Long.parseLong(h.group(3));
        double perKey = Double.parseDouble(h.group(4));
        String keys = String.format(Locale.ROOT, "%,d", Long.parseLong(h.group(2)));
        rows.add(new Row("initial load, " + h.group(1) + " store, " + keys + " keys", command,
            String.format(Locale.ROOT, "%,d ms", loadMs), String.format(Locale.ROOT, "≤ %,.0f ms", LOAD_MS), loadMs <= LOAD_MS));
        rows.add(new Row("heap per key, " + h.group(1) + " store, " + keys + " keys", command,
            String.format(Locale.ROOT, "%.0f B", perKey), String.format(Locale.ROOT, "≤ %.0f B", HEAP_BYTES_PER_KEY),
            perKey <= HEAP_BYTES_PER_KEY));
      }
    }
    return rows;
  }

  /**
   * The row of one JwtFloorRatio line: Latchkey against the floor (judged for RS256, measured without
   * peers), or against a peer (Latchkey must be faster); none for the floor's line among peers, whose
   * company skews it.
   */
  private static Optional<Row> floorRow(List<Row> rows, String command, String algorithm, Matcher floor) {
    String method = floor.group(1);
    double median = Double.parseDouble(floor.group(3));
    String figure = String.format(Locale.ROOT, "%s [%s–%s]", floor.group(3), floor.group(4), floor.group(5));
    boolean peers = command.contains("--peers");
    if (method.equals("jca") && !peers) {
      boolean judged = algorithm.equals("RS256");
      return Optional.of(new Row("Latchkey ÷ JCA floor, " + algorithm + ", interleaved CPU time", command, figure,
          judged ? "≤ " + RS256_FLOOR : "", !judged || median <= RS256_FLOOR));
    }
    if (!method.equals("jca") && peers) {
      return Optional.of(new Row("Latchkey ÷ " + method + ", " + algorithm + ", interleaved CPU time", command, figure, "< 1",
          median < 1));
    }
    return Optional.empty();
  }

  /**
   * Appends the section, if there are rows.
   *
   * @param md the report so far
   * @param rows the rows to show
   */
  static void append(StringBuilder md, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Runnable measurements\n\n");
    md.append("Programs in `benchmarks/` that measure what JMH cannot: a revocation reaching other replicas over a ")
        .append("real (embedded) PostgreSQL; the initial load of a managed key store with the heap it keeps; and JWT ")
        .append("verification against the bare signature floor and every peer in interleaved slices within one JVM, ")
        .append("so the machine's drift cancels (median [25th–75th percentile] of the per-round ratios of thread CPU ")
        .append("time). Each figure is what the program printed in this run.\n\n");
    md.append("| measurement | figure | target | command |\n");
    md.append("|---|---:|---|---|\n");
    for (Row r : rows) {
      String target = r.target().isEmpty() ? "—" : r.target() + (r.met() ? " ✓" : " ✗");
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | `%s` |%n", r.measurement(), r.figure(), target,
          Optional.of(r.command()).filter(c -> !c.isEmpty()).orElse("?")));
    }
    md.append('\n');
  }
}
