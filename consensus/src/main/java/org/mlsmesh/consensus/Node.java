package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * One retained epoch: its state (until destroyed), the Commit that produced it, and the valid
 * Commits built on it. On the chain when every Commit from the root to it is the best among its
 * siblings; otherwise dead for good, because a sibling that lost never wins again (the order is
 * total and validity does not change).
 */
final class Node<S> {
  private static final long NO_CHILD = Long.MIN_VALUE;

  final EpochId epochId;
  final long epochNumber;

  /** The Commit that produced this epoch; empty for a root that was given, not committed here. */
  final Optional<CommitRecord> commit;

  /** The member that created this epoch: it gets the worst rank in it (see {@link TieBreak}). */
  final Optional<LeafIndex> creator;

  /** The proposals the producing Commit included by reference. */
  final List<ProposalRef> proposalRefs;

  final List<Node<S>> children = new ArrayList<>();
  boolean onChain;
  private long firstChildAtMillis = NO_CHILD;
  private S state;

  Node(
      EpochId epochId,
      long epochNumber,
      Optional<CommitRecord> commit,
      Optional<LeafIndex> creator,
      List<ProposalRef> proposalRefs,
      S state) {
    this.epochId = Objects.requireNonNull(epochId, "epochId");
    this.epochNumber = epochNumber;
    this.commit = Objects.requireNonNull(commit, "commit");
    this.creator = Objects.requireNonNull(creator, "creator");
    this.proposalRefs = List.copyOf(proposalRefs);
    this.state = Objects.requireNonNull(state, "state");
  }

  /** The retained state; a library bug after {@link #takeState}. */
  S state() {
    if (state == null) {
      throw new IllegalStateException(epochId + " was destroyed");
    }
    return state;
  }

  /** Hands the state over for destruction; the node is unusable afterwards. */
  S takeState() {
    S s = state();
    state = null;
    return s;
  }

  CommitRecord record() {
    return commit.orElseThrow(() -> new IllegalStateException(epochId + " has no commit"));
  }

  boolean hasChild() {
    return firstChildAtMillis != NO_CHILD;
  }

  long firstChildAtMillis() {
    return firstChildAtMillis;
  }

  /** Records the arrival of the first valid child; returns true if this was the first. */
  boolean childArrived(long nowMillis) {
    if (hasChild()) {
      return false;
    }
    firstChildAtMillis = nowMillis;
    return true;
  }
}
