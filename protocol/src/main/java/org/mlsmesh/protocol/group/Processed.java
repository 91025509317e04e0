package org.mlsmesh.protocol.group;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * What {@link GroupState#process} made of an authenticated message (RFC 9420 §6, §12): its
 * application data, a proposal now queued for a later Commit, a Commit staged for merging, or a
 * Commit that removes this member. Each names the credential the sender signed with.
 */
public sealed interface Processed
    permits Processed.Application,
        Processed.ProposalQueued,
        Processed.CommitStaged,
        Processed.Removed {

  /**
   * The credential of the sender's signature key (RFC 9420 §5.3): a member's from its leaf in the
   * message's epoch, an external sender's from the external_senders extension, a new member's from
   * its KeyPackage or UpdatePath leaf. The credential validator accepted it.
   */
  Credential senderCredential();

  /** Application data from member {@code sender}, sent in {@code epoch}. */
  record Application(
      LeafIndex sender,
      Credential senderCredential,
      long epoch,
      Bytes data,
      Bytes authenticatedData)
      implements Processed {
    public Application {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(senderCredential, "senderCredential");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(authenticatedData, "authenticatedData");
    }
  }

  /** A valid proposal, stored in the group state's proposal store under its reference. */
  record ProposalQueued(QueuedProposal proposal, Credential senderCredential) implements Processed {
    public ProposalQueued {
      Objects.requireNonNull(proposal, "proposal");
      Objects.requireNonNull(senderCredential, "senderCredential");
    }
  }

  /** A valid Commit, staged against the state that processed it; merge it to advance. */
  record CommitStaged(StagedCommit commit) implements Processed {
    public CommitStaged {
      Objects.requireNonNull(commit, "commit");
    }

    @Override
    public Credential senderCredential() {
      return commit.committerCredential();
    }
  }

  /**
   * An authenticated Commit that removes this member (RFC 9420 §12.4.2): the member can neither
   * verify its confirmation tag nor follow the group into {@code epoch}. Like a staged commit it
   * changes nothing until {@link #merge() merged}, which makes the state inactive.
   */
  final class Removed implements Processed {
    private final GroupState parent;
    private final Sender committer;
    private final Credential senderCredential;
    private final long epoch;
    private final List<Member> members;

    Removed(
        GroupState parent,
        Sender committer,
        Credential senderCredential,
        long epoch,
        List<Member> members) {
      this.parent = Objects.requireNonNull(parent, "parent");
      this.committer = Objects.requireNonNull(committer, "committer");
      this.senderCredential = Objects.requireNonNull(senderCredential, "senderCredential");
      this.epoch = epoch;
      this.members = List.copyOf(members);
    }

    /** Who sent the Commit. */
    public Sender committer() {
      return committer;
    }

    @Override
    public Credential senderCredential() {
      return senderCredential;
    }

    /** The epoch the Commit starts, which this member is not part of. */
    public long epoch() {
      return epoch;
    }

    /** The members of that epoch, as the Commit's proposals leave them. */
    public List<Member> members() {
      return members;
    }

    /**
     * Accepts the removal: the state that processed the Commit erases its secrets (keys, epoch
     * secrets, pending proposals), deletes itself from the environment's storage and becomes
     * {@linkplain GroupState#isActive() inactive} — still inspectable, but it refuses to send or
     * process messages. Returns that state. Call it once the group accepted the Commit; merging
     * again changes nothing.
     */
    public GroupState merge() {
      parent.deactivate(this);
      return parent;
    }

    @Override
    public String toString() {
      return "Removed[by " + committer + " in epoch " + epoch + "]";
    }
  }
}
