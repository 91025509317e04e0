package org.mlsmesh.protocol.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.Proposal;

/**
 * A proposal covered by a Commit (RFC 9420 §12.4): the proposal, who proposed it (the committer for
 * one sent by value), and its reference when it was included by reference.
 */
public record CommittedProposal(Proposal proposal, Sender sender, Optional<ProposalRef> ref) {
  public CommittedProposal {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(ref, "ref");
  }

  static CommittedProposal byValue(Proposal proposal, Sender committer) {
    return new CommittedProposal(proposal, committer, Optional.empty());
  }

  static CommittedProposal byReference(QueuedProposal queued) {
    return new CommittedProposal(queued.proposal(), queued.sender(), Optional.of(queued.ref()));
  }

  public Proposal.Kind kind() {
    return proposal.kind();
  }
}
