package org.mlsmesh.protocol.conformance;

import java.util.List;

/** The outcomes of all cases of one vector file. */
public record FileResult(String kind, List<CaseResult> cases) {
  public FileResult {
    cases = List.copyOf(cases);
  }

  public long count(CaseResult.Outcome outcome) {
    return cases.stream().filter(c -> c.outcome() == outcome).count();
  }

  public long passed() {
    return count(CaseResult.Outcome.PASSED);
  }

  public long failed() {
    return count(CaseResult.Outcome.FAILED);
  }

  public long skipped() {
    return count(CaseResult.Outcome.SKIPPED);
  }
}
