package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.CustomProposal;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * A Commit that passed every check of RFC 9420 §12.4.2 (or that this member created, §12.4.1), with
 * the next epoch fully computed but not yet entered. It is bound to the state it was staged
 * against: several may exist for one epoch (a commit race) until one is chosen and {@link #merge()
 * merged}; merging cannot fail. A staged commit that is not chosen should be {@link #discard()
 * discarded}, which erases the next epoch's secrets.
 */
public final class StagedCommit {
  private final GroupState parent;
  private final Sender committer;
  private final Credential committerCredential;
  private final List<CommittedProposal> proposals;
  private final List<Member> added;
  private final Epoch next;
  private final TreePrivateKeys privateKeys;
  private final boolean own;
  private boolean done;

  StagedCommit(
      GroupState parent,
      Sender committer,
      Credential committerCredential,
      List<CommittedProposal> proposals,
      List<Member> added,
      Epoch next,
      TreePrivateKeys privateKeys,
      boolean own) {
    this.parent = Objects.requireNonNull(parent, "parent");
    this.committer = Objects.requireNonNull(committer, "committer");
    this.committerCredential = Objects.requireNonNull(committerCredential, "committerCredential");
    this.proposals = List.copyOf(proposals);
    this.added = List.copyOf(added);
    this.next = Objects.requireNonNull(next, "next");
    this.privateKeys = Objects.requireNonNull(privateKeys, "privateKeys");
    this.own = own;
  }

  /** Who sent the Commit. */
  public Sender committer() {
    return committer;
  }

  /** The credential the Commit was signed under (RFC 9420 §5.3), as the parent epoch knows it. */
  public Credential committerCredential() {
    return committerCredential;
  }

  /** Whether this member created the Commit. */
  public boolean isOwn() {
    return own;
  }

  /** Whether this Commit was staged against {@code state}. */
  public boolean isStagedAgainst(GroupState state) {
    return parent == state;
  }

  /** The epoch the Commit was sent in. */
  public long parentEpoch() {
    return parent.epoch().number();
  }

  /** The proposals the Commit covers, in its order. */
  public List<CommittedProposal> proposals() {
    return proposals;
  }

  /** The covered proposals of one type. */
  public List<CommittedProposal> proposals(Proposal.Kind kind) {
    List<CommittedProposal> out = new ArrayList<>();
    for (CommittedProposal p : proposals) {
      if (p.kind() == kind) {
        out.add(p);
      }
    }
    return out;
  }

  /** The covered proposals of private-use types (RFC 9420 §17.4), for the application to act on. */
  public List<CustomProposal> customProposals() {
    List<CustomProposal> out = new ArrayList<>();
    for (CommittedProposal p : proposals) {
      if (p.proposal() instanceof CustomProposal custom) {
        out.add(custom);
      }
    }
    return out;
  }

  /**
   * The ReInit the Commit carries: after merging, the group can no longer send; its members wait
   * for the Welcome into the new group (RFC 9420 §11.2).
   */
  public Optional<ReInit> reInit() {
    return next.reInit;
  }

  /** The members the Commit adds, where they were placed. */
  public List<Member> addedMembers() {
    return added;
  }

  /** The GroupContext of the next epoch. */
  public GroupContext groupContext() {
    return next.context;
  }

  public long epoch() {
    return next.number();
  }

  public List<Extension> extensions() {
    return next.context.extensions();
  }

  /** The members of the next epoch. */
  public List<Member> members() {
    return GroupState.members(next.tree);
  }

  /** The public ratchet tree of the next epoch (to hand to joiners out of band, §12.4.3.3). */
  public RatchetTree tree() {
    return next.tree;
  }

  /** This member's leaf in the next epoch. */
  public LeafIndex ownLeaf() {
    return privateKeys.leafIndex();
  }

  /** The epoch authenticator of the next epoch (§8.7). */
  public Bytes epochAuthenticator() {
    return next.secrets.epochAuthenticator().insecureAsBytes();
  }

  /**
   * Enters the next epoch: the state it was staged against stays as it was (its message keys move
   * into the new state's window of past epochs). A staged commit can be merged once.
   *
   * @throws IllegalStateException when already merged or discarded
   */
  public GroupState merge() {
    if (done) {
      throw new IllegalStateException("this staged commit was already merged or discarded");
    }
    done = true;
    return parent.advance(next, privateKeys);
  }

  /** Whether it was merged or discarded. */
  boolean isDone() {
    return done;
  }

  /** Erases the next epoch's secrets and keys of a Commit that will not be merged. */
  public void discard() {
    if (!done) {
      done = true;
      next.secrets.destroy();
      privateKeys.destroy();
    }
  }

  @Override
  public String toString() {
    return "StagedCommit[epoch "
        + parent.epoch().number()
        + " -> "
        + next.number()
        + " by "
        + committer
        + ", "
        + proposals.size()
        + " proposals]";
  }
}
