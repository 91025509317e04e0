package org.mlsmesh.interop.runner;

/** The result of one (script, client pair, suite): one line of the runner's table. */
public record CaseResult(
    String script, String pair, int suite, Outcome outcome, int assignments, String detail) {
  /** A failure explained by a known defect of a peer counts as failed, and is named. */
  public enum Outcome {
    PASSED,
    FAILED,
    PEER_DEFECT,
    SKIPPED
  }

  public String line() {
    String label =
        switch (outcome) {
          case PASSED -> "passed ";
          case FAILED -> "FAILED ";
          case PEER_DEFECT -> "FAILED ";
          case SKIPPED -> "skipped";
        };
    String head = String.format("%s  %-46s %-26s 0x%04x", label, script, pair, suite);
    return switch (outcome) {
      case PASSED ->
          head + "  (" + assignments + (assignments == 1 ? " assignment)" : " assignments)");
      case FAILED -> head + "  " + detail;
      case PEER_DEFECT -> head + "  peer defect: " + detail;
      case SKIPPED -> head + "  " + detail;
    };
  }
}
