package org.mlsmesh.consensus;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A member's small periodic announcement of where it is: its current epoch and the public records
 * of its most recent Commits, oldest first (RFC 9750 §5.2.2 leaves fork detection to the
 * application). The node signs beacons and verifies them before passing them on; the fork choice
 * uses them to pull missing Commits by hash and to decide between branches that diverged longer ago
 * than the retention window.
 *
 * @param from the sender's leaf index
 * @param epochNumber the sender's current epoch number
 * @param epochId the sender's current epoch
 * @param finalEpochNumber the number of the sender's newest final epoch: the records of Commits
 *     built on an earlier epoch are final at the sender
 * @param recent records of the Commits that led there, oldest first, each built on the epoch the
 *     previous one produced
 */
public record Beacon(
    LeafIndex from,
    long epochNumber,
    EpochId epochId,
    long finalEpochNumber,
    List<CommitRecord> recent) {
  public Beacon {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(epochId, "epochId");
    recent = List.copyOf(recent);
    if (epochNumber < 0) {
      throw new IllegalArgumentException("negative epoch number");
    }
    if (finalEpochNumber < 0 || finalEpochNumber > epochNumber) {
      throw new IllegalArgumentException(
          "final epoch " + finalEpochNumber + " not in [0, " + epochNumber + "]");
    }
  }

  /** A beacon that claims no Commit final. */
  public Beacon(LeafIndex from, long epochNumber, EpochId epochId, List<CommitRecord> recent) {
    this(from, epochNumber, epochId, 0, recent);
  }

  /** True when the sender holds {@code record}'s Commit final (it is built before its root). */
  public boolean isFinalAtSender(CommitRecord record) {
    return record.parentEpochNumber() < finalEpochNumber;
  }
}
