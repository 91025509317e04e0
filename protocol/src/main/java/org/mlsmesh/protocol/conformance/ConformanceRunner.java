package org.mlsmesh.protocol.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the cases of one official vector file (already parsed into generic JSON values) through the
 * check for its kind. A kind without a check counts its cases as skipped, never as passed.
 */
public final class ConformanceRunner {
  private ConformanceRunner() {}

  /** The label of case {@code index}: {@code suite=0x0003#5}, or {@code #5} without a suite. */
  public static String label(Object json, int index) {
    if (json instanceof java.util.Map<?, ?> map
        && map.get("cipher_suite") instanceof Number suite) {
      return String.format("suite=0x%04x#%d", suite.intValue(), index);
    }
    return "#" + index;
  }

  /** Runs one case. */
  public static CaseResult runCase(VectorCheck check, Object json, int index) {
    String label = label(json, index);
    try {
      check.check(VectorCase.of(json, "case " + index));
      return new CaseResult(label, CaseResult.Outcome.PASSED, Optional.empty());
    } catch (VectorMismatch e) {
      return new CaseResult(label, CaseResult.Outcome.FAILED, Optional.of(e.getMessage()));
    } catch (RuntimeException e) {
      return new CaseResult(
          label, CaseResult.Outcome.FAILED, Optional.of("unexpected error: " + e));
    }
  }

  /**
   * Runs every case of a file whose top level is {@code cases}.
   *
   * @throws IllegalArgumentException when the kind is unknown
   */
  public static FileResult run(String kind, List<?> cases) {
    if (!VectorKinds.isKnown(kind)) {
      throw new IllegalArgumentException("unknown test-vector kind: " + kind);
    }
    Optional<VectorCheck> check = VectorKinds.check(kind);
    List<CaseResult> results = new ArrayList<>(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      if (check.isEmpty()) {
        results.add(
            new CaseResult(label(cases.get(i), i), CaseResult.Outcome.SKIPPED, Optional.empty()));
      } else {
        results.add(runCase(check.get(), cases.get(i), i));
      }
    }
    return new FileResult(kind, results);
  }
}
