package org.mlsmesh.simulations.report;

import java.util.Locale;

/** The plain-text summary of a run that the {@code simulate} command prints. */
public final class RunSummary {
  private RunSummary() {}

  public static String of(RunRecord run) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s (%s), seed %d: %d members, %s s virtual%n",
            run.scenario(),
            run.kind(),
            run.seed(),
            run.members().size(),
            number(run.virtualMillis() / 1000.0)));
    int width = run.metrics().keySet().stream().mapToInt(String::length).max().orElse(0);
    run.metrics()
        .forEach(
            (name, value) ->
                s.append(
                    String.format(Locale.ROOT, "  %-" + width + "s  %s%n", name, number(value))));
    s.append("trace sha-256 ").append(run.traceSha256()).append(System.lineSeparator());
    if (run.passed()) {
      s.append("invariants: all held").append(System.lineSeparator());
    } else {
      s.append("invariants: ")
          .append(run.invariantViolations().size())
          .append(" violated")
          .append(System.lineSeparator());
      run.invariantViolations()
          .forEach(v -> s.append("  VIOLATED ").append(v).append(System.lineSeparator()));
    }
    return s.toString();
  }

  /** A figure as people read it: integers plainly, others to six significant digits. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String s = String.format(Locale.ROOT, "%.6g", value);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceFirst("0+$", "").replaceFirst("\\.$", "") : s;
  }
}
