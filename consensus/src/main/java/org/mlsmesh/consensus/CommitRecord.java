package org.mlsmesh.consensus;

import java.util.Objects;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The public facts about a valid Commit that the fork choice compares: no secrets, so it can be
 * kept after the parent epoch's secrets are erased, and sent in beacons to decide between branches
 * that diverged longer ago than the retention window.
 *
 * @param commit the Commit's hash
 * @param parent the epoch the Commit was built on
 * @param parentEpochNumber that epoch's number (RFC 9420 §8: {@code GroupContext.epoch})
 * @param commitClass what the Commit does to the membership
 * @param committer the committer's leaf index in the parent epoch
 * @param rank the committer's rank in the parent epoch
 */
public record CommitRecord(
    CommitId commit,
    EpochId parent,
    long parentEpochNumber,
    CommitClass commitClass,
    LeafIndex committer,
    Rank rank) {
  public CommitRecord {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(commitClass, "commitClass");
    Objects.requireNonNull(committer, "committer");
    Objects.requireNonNull(rank, "rank");
    if (parentEpochNumber < 0) {
      throw new IllegalArgumentException("negative epoch number");
    }
  }
}
