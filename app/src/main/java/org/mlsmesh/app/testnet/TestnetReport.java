package org.mlsmesh.app.testnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.control.v1.Event;

/** Writes a testnet run's {@code metrics.json} and {@code report.html} (inline SVG, no script). */
final class TestnetReport {
  private TestnetReport() {}

  record Run(
      TestnetScenario scenario,
      long seed,
      int nodes,
      long runMillis,
      TestnetDriver driver,
      List<TestnetNode.Collected> events,
      List<TestnetInvariants.Check> checks,
      Optional<String> failure) {
    boolean passed() {
      return failure.isEmpty() && checks.stream().allMatch(TestnetInvariants.Check::held);
    }
  }

  static void write(Path dir, Run run) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(dir.resolve("metrics.json").toFile(), metrics(run));
    Files.writeString(dir.resolve("report.html"), html(run));
  }

  static Map<String, Object> metrics(Run run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", run.scenario().name());
    m.put("seed", run.seed());
    m.put("nodes", run.nodes());
    m.put("passed", run.passed());
    run.failure().ifPresent(f -> m.put("failure", f));
    m.put("runMillis", run.runMillis());
    m.put("phaseMillis", run.driver().phaseMillis);
    m.put("convergenceAfterHealMillis", run.driver().convergenceAfterHealMillis);
    m.put("catchUpAfterRestartMillis", run.driver().catchUpAfterRestartMillis);
    m.put("messagesSent", run.driver().sent.size());
    m.put("deliveriesExpected", TestnetInvariants.expectedDeliveries(run.driver().sent));
    m.put("deliveries", run.events().stream().filter(c -> c.event().hasMessageReceived()).count());
    m.put("forksResolved", run.events().stream().filter(c -> c.event().hasForkResolved()).count());
    m.put("events", run.events().size());
    Map<String, Object> invariants = new LinkedHashMap<>();
    for (TestnetInvariants.Check c : run.checks()) {
      invariants.put(c.name(), Map.of("held", c.held(), "detail", c.detail()));
    }
    m.put("invariants", invariants);
    return m;
  }

  private static String html(Run run) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>testnet ")
        .append(esc(run.scenario().name()))
        .append("</title><style>body{font:14px system-ui,sans-serif;margin:24px}")
        .append("td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #ddd}")
        .append(".ok{color:#1d6b3a}.bad{color:#b3261e}</style></head><body>")
        .append("<h1>Testnet: ")
        .append(esc(run.scenario().name()))
        .append(
            run.passed()
                ? " <span class=\"ok\">passed</span>"
                : " <span class=\"bad\">FAILED</span>")
        .append("</h1><p>")
        .append(esc(run.scenario().description()))
        .append("</p><p>")
        .append(run.nodes())
        .append(" node processes, each in its own network namespace; seed ")
        .append(run.seed())
        .append("; ")
        .append(run.runMillis())
        .append(" ms</p>");
    run.failure().ifPresent(f -> h.append("<p class=\"bad\">").append(esc(f)).append("</p>"));
    h.append("<h2>Invariants</h2><table>");
    for (TestnetInvariants.Check c : run.checks()) {
      h.append("<tr><td class=\"")
          .append(c.held() ? "ok\">held" : "bad\">violated")
          .append("</td><td>")
          .append(esc(c.name()))
          .append("</td><td>")
          .append(esc(c.detail()))
          .append("</td></tr>");
    }
    h.append("</table><h2>Figures</h2><table>");
    metrics(run)
        .forEach(
            (k, v) -> {
              if (!(v instanceof Map)) {
                h.append("<tr><th>")
                    .append(esc(k))
                    .append("</th><td>")
                    .append(esc(String.valueOf(v)))
                    .append("</td></tr>");
              }
            });
    run.driver()
        .phaseMillis
        .forEach(
            (k, v) ->
                h.append("<tr><th>phase ")
                    .append(esc(k))
                    .append("</th><td>")
                    .append(v)
                    .append(" ms</td></tr>"));
    h.append("</table><h2>Events over time</h2>").append(timeline(run)).append("</body></html>");
    return h.toString();
  }

  /** One row per node: a tick per event (grey message, green epoch, red fork, blue join). */
  private static String timeline(Run run) {
    // From the group's forming on: the nodes' starts tell nothing.
    long t0 =
        run.driver()
            .phaseStarts
            .getOrDefault(
                "group", run.driver().phaseStarts.values().stream().findFirst().orElse(0L));
    long t1 =
        Math.max(
            t0 + 1,
            run.events().stream().mapToLong(c -> c.event().getTimeMillis()).max().orElse(t0 + 1));
    int width = 900;
    int row = 22;
    int left = 40;
    int height = row * run.nodes() + 42;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width + left + 10)
        .append("\" height=\"")
        .append(height)
        .append("\">");
    for (int n = 0; n < run.nodes(); n++) {
      s.append("<text x=\"4\" y=\"")
          .append(row * n + 16)
          .append("\" font-size=\"11\">n")
          .append(n)
          .append("</text>");
    }
    int[] drawn = {0};
    run.driver()
        .faults
        .forEach(
            (name, at) -> {
              int labelY = height - 16 - 10 * (drawn[0]++ % 2); // close faults: labels apart
              String x = fmt(left + width * (double) (at - t0) / (t1 - t0));
              s.append("<line x1=\"")
                  .append(x)
                  .append("\" y1=\"0\" x2=\"")
                  .append(x)
                  .append("\" y2=\"")
                  .append(height - 26)
                  .append("\" stroke=\"#b3261e\"/><text x=\"")
                  .append(x)
                  .append("\" y=\"")
                  .append(labelY)
                  .append("\" font-size=\"10\" fill=\"#b3261e\">")
                  .append(esc(name))
                  .append("</text>");
            });
    run.driver()
        .phaseStarts
        .forEach(
            (name, start) -> {
              if (start < t0) {
                return; // the start phase is left out
              }
              String x = fmt(left + width * (double) (start - t0) / (t1 - t0));
              s.append("<line x1=\"")
                  .append(x)
                  .append("\" y1=\"0\" x2=\"")
                  .append(x)
                  .append("\" y2=\"")
                  .append(height - 12)
                  .append("\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>")
                  .append("<text x=\"")
                  .append(x)
                  .append("\" y=\"")
                  .append(height - 2)
                  .append("\" font-size=\"10\">")
                  .append(esc(name))
                  .append("</text>");
            });
    for (TestnetNode.Collected c : run.events()) {
      Event e = c.event();
      String color =
          e.hasForkResolved()
              ? "#b3261e"
              : e.hasEpochChanged() ? "#1d6b3a" : e.hasMemberJoined() ? "#2b5fd9" : "#aaa";
      String x = fmt(left + width * (double) (e.getTimeMillis() - t0) / (t1 - t0));
      s.append("<line x1=\"")
          .append(x)
          .append("\" y1=\"")
          .append(row * c.node() + 4)
          .append("\" x2=\"")
          .append(x)
          .append("\" y2=\"")
          .append(row * c.node() + 18)
          .append("\" stroke=\"")
          .append(color)
          .append("\"/>");
    }
    return s.append("</svg>").toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
