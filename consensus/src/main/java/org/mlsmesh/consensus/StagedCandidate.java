package org.mlsmesh.consensus;

import java.util.List;
import java.util.OptionalLong;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A Commit validated against its parent state but not merged (RFC 9420 §14, OpenMLS's {@code
 * StagedCommit}): one of possibly several candidates for the next epoch. The fork choice either
 * merges it or discards it, exactly once.
 *
 * @param <S> the group state type
 */
public interface StagedCandidate<S> {
  /** The authenticated committer (for a PrivateMessage only known after decryption, §6.3.2). */
  LeafIndex committer();

  /** What the Commit does to the membership. */
  CommitClass commitClass();

  /**
   * For the external Commit of a member rejoining after a partition, the last epoch it shared with
   * this branch (see {@link CommitRecord#rejoinSince()}).
   */
  default OptionalLong rejoinSince() {
    return OptionalLong.empty();
  }

  /** The proposals the Commit includes by reference (RFC 9420 §12.4). */
  List<ProposalRef> proposalRefs();

  /** The next epoch's state. Cannot fail: every check happened while staging. */
  S merge();

  /** Erases the staged secrets without producing a state. */
  void discard();
}
