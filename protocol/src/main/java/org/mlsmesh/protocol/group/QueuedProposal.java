package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.Proposal;

/** A proposal received (or sent) in the current epoch, checked on its own (RFC 9420 §12.1). */
public record QueuedProposal(ProposalRef ref, Proposal proposal, Sender sender) {
  public QueuedProposal {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(sender, "sender");
  }
}
