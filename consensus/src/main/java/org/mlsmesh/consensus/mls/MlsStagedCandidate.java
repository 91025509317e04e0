package org.mlsmesh.consensus.mls;

import java.util.List;
import java.util.OptionalLong;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.ProposalRef;
import org.mlsmesh.consensus.StagedCandidate;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.StagedCommit;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A Commit staged against a private copy of its parent state (see {@link GroupState#copy()}), so
 * that merging or discarding it never touches the parent snapshot the fork choice keeps. Merging or
 * discarding also erases the copy.
 */
final class MlsStagedCandidate implements StagedCandidate<GroupState> {
  private final GroupState fork;
  private final StagedCommit staged;
  private final LeafIndex committer;
  private final CommitClass commitClass;
  private final List<ProposalRef> refs;
  private final OptionalLong rejoinSince;

  MlsStagedCandidate(
      GroupState fork,
      StagedCommit staged,
      LeafIndex committer,
      CommitClass commitClass,
      List<ProposalRef> refs,
      OptionalLong rejoinSince) {
    this.fork = fork;
    this.staged = staged;
    this.committer = committer;
    this.commitClass = commitClass;
    this.refs = List.copyOf(refs);
    this.rejoinSince = rejoinSince;
  }

  @Override
  public OptionalLong rejoinSince() {
    return rejoinSince;
  }

  @Override
  public LeafIndex committer() {
    return committer;
  }

  @Override
  public CommitClass commitClass() {
    return commitClass;
  }

  @Override
  public List<ProposalRef> proposalRefs() {
    return refs;
  }

  @Override
  public GroupState merge() {
    GroupState next = staged.merge();
    fork.destroy();
    return next;
  }

  @Override
  public void discard() {
    staged.discard();
    fork.destroy();
  }
}
