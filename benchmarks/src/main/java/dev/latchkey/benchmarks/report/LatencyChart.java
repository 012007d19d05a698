package dev.latchkey.benchmarks.report;

import java.util.List;
import java.util.Locale;

/** A small SVG bar chart: p50, p90 and p99 latency per load-run endpoint, the baseline first. */
final class LatencyChart {
  private static final String[] COLOURS = {"#4c78a8", "#f58518", "#e45756"};
  private static final String[] LABELS = {"p50", "p90", "p99"};

  private LatencyChart() {}

  static String svg(List<BenchmarkReport.Load> loads) {
    int barHeight = 14;
    int groupGap = 18;
    int left = 110;
    int width = 720;
    int plot = width - left - 90;
    int top = 50;
    int height = top + loads.size() * (3 * barHeight + groupGap) + 40;
    double max = loads.stream().mapToDouble(BenchmarkReport.Load::p99).max().orElse(1);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Latency per request over HTTP, by authentication (lower is better)</text>%n", 10));
    for (int i = 0; i < LABELS.length; i++) {
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"30\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"39\">%s</text>%n",
          left + i * 60, COLOURS[i], left + i * 60 + 14, LABELS[i]));
    }
    int y = top;
    for (BenchmarkReport.Load l : loads) {
      double[] values = {l.p50(), l.p90(), l.p99()};
      s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + (3 * barHeight) / 2 + 4, l.endpoint()));
      for (int i = 0; i < values.length; i++) {
        int w = (int) Math.max(1, Math.round(values[i] / max * plot));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", left, y, w, barHeight - 2, COLOURS[i]));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", left + w + 4, y + barHeight - 4,
            BenchmarkReport.time(values[i] * 1e3)));
        y += barHeight;
      }
      y += groupGap;
    }
    s.append("</svg>\n");
    return s.toString();
  }
}
