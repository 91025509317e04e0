package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * What {@link GroupState#process} made of an authenticated message (RFC 9420 §6, §12): its
 * application data, a proposal now queued for a later Commit, a Commit staged for merging, or a
 * Commit that removes this member.
 */
public sealed interface Processed
    permits Processed.Application,
        Processed.ProposalQueued,
        Processed.CommitStaged,
        Processed.Removed {

  /** Application data from member {@code sender}, sent in {@code epoch}. */
  record Application(LeafIndex sender, long epoch, Bytes data, Bytes authenticatedData)
      implements Processed {
    public Application {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(authenticatedData, "authenticatedData");
    }
  }

  /** A valid proposal, stored in the group state's proposal store under its reference. */
  record ProposalQueued(QueuedProposal proposal) implements Processed {
    public ProposalQueued {
      Objects.requireNonNull(proposal, "proposal");
    }
  }

  /** A valid Commit, staged against the state that processed it; merge it to advance. */
  record CommitStaged(StagedCommit commit) implements Processed {
    public CommitStaged {
      Objects.requireNonNull(commit, "commit");
    }
  }

  /**
   * An authenticated Commit that removes this member (RFC 9420 §12.4.2): the member can neither
   * verify its confirmation tag nor follow the group into {@code epoch}, and should delete its
   * group state.
   */
  record Removed(Sender committer, long epoch) implements Processed {
    public Removed {
      Objects.requireNonNull(committer, "committer");
    }
  }
}
