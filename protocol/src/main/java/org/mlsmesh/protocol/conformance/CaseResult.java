package org.mlsmesh.protocol.conformance;

import java.util.Optional;

/** The outcome of one vector case; {@code failure} is empty when it passed or was skipped. */
public record CaseResult(String label, Outcome outcome, Optional<String> failure) {
  /** How a case ended. */
  public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED
  }
}
