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
 * {@code propagation p50=… p99=… notify=on|off} and {@code KeyStoreHeapPerKey}'s
 * {@code storage=… keys=… load_ms=… heap_bytes_per_key=…} — and judges each against its target.
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
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("$ ")) {
        command = line.substring(2);
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
        .append("real (embedded) PostgreSQL, and the initial load of a managed key store with the heap it keeps. Each ")
        .append("figure is the program's own last line(s), from this run.\n\n");
    md.append("| measurement | figure | target | command |\n");
    md.append("|---|---:|---|---|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | `%s` |%n", r.measurement(), r.figure(), r.target(),
          r.met() ? "✓" : "✗", Optional.of(r.command()).filter(c -> !c.isEmpty()).orElse("?")));
    }
    md.append('\n');
  }
}
