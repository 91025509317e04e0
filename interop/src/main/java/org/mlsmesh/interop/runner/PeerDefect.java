package org.mlsmesh.interop.runner;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A known defect of a peer implementation: which failures it explains, and how it is reported
 * ("peer defect: what (RFC section)"). A failure is attributed to a defect only on evidence: the
 * peer's own error names the cause, or its messages were checked to break the rule ({@link
 * PeerEvidence}). Anything else stays an unexplained failure.
 */
public record PeerDefect(String peerName, String description, Predicate<Failure> explains) {
  /** A failed case: its text, and what the peer's messages in that suite were seen to do. */
  public record Failure(String text, Set<String> evidence) {}

  /** The description of the first defect of {@code peer} that explains {@code failure}. */
  public static Optional<String> explain(List<PeerDefect> defects, String peer, Failure failure) {
    return defects.stream()
        .filter(d -> peer.startsWith(d.peerName()) && d.explains().test(failure))
        .map(PeerDefect::description)
        .findFirst();
  }
}
