package org.mlsmesh.simulations.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlsmesh.simulations.report.svg.Histogram;
import org.mlsmesh.simulations.report.svg.LineChart;
import org.mlsmesh.simulations.report.svg.Point;
import org.mlsmesh.simulations.report.svg.Series;
import org.mlsmesh.simulations.report.svg.StepChart;
import org.mlsmesh.simulations.report.svg.Xml;

/**
 * The {@code report.html} of a run: one self-contained page (no scripts, no external files) with
 * the invariant verdict, the metrics table and inline SVG charts of epochs, forks and rollbacks and
 * delivery latency. Its size is bounded whatever the run's size (the charts downsample). The page
 * is well-formed XML, so any XML parser can check it.
 */
public final class HtmlReport {
  private static final int CDF_POINTS = 200;
  private static final String STYLE =
      "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
          + "table{border-collapse:collapse}td,th{padding:2px 12px;border-bottom:1px solid #ddd;"
          + "text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}"
          + ".pass{color:#1a7f37}.fail{color:#b42318}.empty{color:#777;font-style:italic}"
          + "code{font-size:90%}";

  private HtmlReport() {}

  public static String of(RunRecord run) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String title = run.scenario() + " (seed " + run.seed() + ")";
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>")
        .append("<meta charset=\"utf-8\"/><title>")
        .append(Xml.escape("mlsmesh simulate: " + title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head>\n<body>\n<h1>")
        .append(Xml.escape(title))
        .append("</h1>\n<p>Kind <code>")
        .append(Xml.escape(run.kind()))
        .append("</code>, ")
        .append(run.members().size())
        .append(" members, ")
        .append(RunSummary.number(run.virtualMillis() / 1000.0))
        .append(" s of virtual time. Trace SHA-256 <code>")
        .append(Xml.escape(run.traceSha256()))
        .append("</code>: the same scenario and seed give the same trace.</p>\n");
    verdict(h, run);
    metrics(h, run);
    section(h, "Epochs over time", epochsChart(run), "This run recorded no epochs.");
    section(h, "Forks and rollbacks", forksChart(run), "This run recorded no epochs or forks.");
    latency(h, run);
    return h.append("</body>\n</html>\n").toString();
  }

  private static void verdict(StringBuilder h, RunRecord run) {
    if (run.passed()) {
      h.append("<h2 class=\"pass\">Every invariant held</h2>\n");
      return;
    }
    h.append("<h2 class=\"fail\">")
        .append(run.invariantViolations().size())
        .append(" invariant violation(s)</h2>\n<ul>\n");
    for (String violation : run.invariantViolations()) {
      h.append("<li class=\"fail\">").append(Xml.escape(violation)).append("</li>\n");
    }
    h.append("</ul>\n");
  }

  private static void metrics(StringBuilder h, RunRecord run) {
    h.append("<h2>Metrics</h2>\n<table>\n<tr><th>metric</th><th>value</th></tr>\n");
    run.metrics()
        .forEach(
            (name, value) ->
                h.append("<tr><td>")
                    .append(Xml.escape(name))
                    .append("</td><td class=\"num\">")
                    .append(RunSummary.number(value))
                    .append("</td></tr>\n"));
    h.append("</table>\n");
  }

  private static void section(StringBuilder h, String heading, String svg, String empty) {
    h.append("<h2>").append(Xml.escape(heading)).append("</h2>\n");
    if (svg.isEmpty()) {
      h.append("<p class=\"empty\">").append(Xml.escape(empty)).append("</p>\n");
    } else {
      h.append("<figure>").append(svg).append("</figure>\n");
    }
  }

  /** One step line per member: its epoch number over virtual time. Empty without samples. */
  static String epochsChart(RunRecord run) {
    Map<String, List<Point>> byMember = new LinkedHashMap<>();
    run.members().forEach(m -> byMember.put(m, new ArrayList<>()));
    for (RunRecord.EpochSample s : run.epochs()) {
      byMember
          .computeIfAbsent(s.member(), m -> new ArrayList<>())
          .add(new Point(s.atMillis() / 1000.0, s.epoch()));
    }
    List<Series> series = new ArrayList<>();
    byMember.forEach(
        (member, points) -> {
          if (!points.isEmpty()) {
            series.add(new Series(member, points));
          }
        });
    if (series.isEmpty()) {
      return "";
    }
    return StepChart.render(
        "Epoch of each member", "virtual time (s)", "epoch", series, seconds(run), 0);
  }

  /** The running counts of forks detected and of rollbacks. Empty without epochs or forks. */
  static String forksChart(RunRecord run) {
    if (run.epochs().isEmpty() && run.forkEvents().isEmpty()) {
      return "";
    }
    List<Series> series = new ArrayList<>();
    for (RunRecord.ForkEvent.Type type : RunRecord.ForkEvent.Type.values()) {
      List<Point> points = new ArrayList<>();
      points.add(new Point(0, 0));
      int count = 0;
      for (RunRecord.ForkEvent e : run.forkEvents()) {
        if (e.type() == type) {
          points.add(new Point(e.atMillis() / 1000.0, ++count));
        }
      }
      series.add(new Series(label(type), points));
    }
    return StepChart.render(
        "Forks detected and rollbacks (all members)",
        "virtual time (s)",
        "running count",
        series,
        seconds(run),
        0);
  }

  private static String label(RunRecord.ForkEvent.Type type) {
    return switch (type) {
      case FORK_DETECTED -> "forks detected";
      case ROLLBACK -> "rollbacks";
    };
  }

  private static void latency(StringBuilder h, RunRecord run) {
    Distribution d = Distribution.of(run.deliveryLatenciesMillis());
    h.append("<h2>Delivery latency</h2>\n");
    if (d.isEmpty()) {
      h.append("<p class=\"empty\">This run recorded no per-delivery latencies")
          .append(" (see the metrics table for any percentiles it measured).</p>\n");
      return;
    }
    h.append("<p>")
        .append(d.count())
        .append(" deliveries; p50 ")
        .append(d.percentile(0.5))
        .append(" ms, p99 ")
        .append(d.percentile(0.99))
        .append(" ms, max ")
        .append(d.max())
        .append(" ms.</p>\n<figure>")
        .append(Histogram.render("Delivery latency", "virtual ms from send to delivery", sorted(d)))
        .append("</figure>\n<figure>")
        .append(cdf(d))
        .append("</figure>\n");
  }

  private static long[] sorted(Distribution d) {
    long[] values = new long[d.count()];
    for (int i = 0; i < values.length; i++) {
      values[i] = d.get(i);
    }
    return values;
  }

  /** The cumulative distribution at {@value #CDF_POINTS} quantiles. */
  private static String cdf(Distribution d) {
    List<Point> points = new ArrayList<>(CDF_POINTS + 1);
    for (int i = 0; i <= CDF_POINTS; i++) {
      double q = i / (double) CDF_POINTS;
      points.add(new Point(d.percentile(q), q));
    }
    return LineChart.render(
        "Delivery latency, cumulative",
        "virtual ms from send to delivery",
        "fraction delivered",
        List.of(new Series("deliveries", points)),
        0);
  }

  private static double seconds(RunRecord run) {
    return run.virtualMillis() / 1000.0;
  }
}
