package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/** The expected outcome of a race, computed directly from the tie-break rule. */
final class Oracle {
  private Oracle() {}

  static Rank rank(FakeState parent, long leaf, Optional<LeafIndex> creator) {
    Secret exporter = Secret.of(FakeAdapter.exporterBytes(parent.epochId));
    return TieBreak.rank(exporter, LeafIndex.of(leaf), creator);
  }

  static CommitRecord record(FakeState parent, FakeCommit c, Optional<LeafIndex> creator) {
    return new CommitRecord(
        c.id(),
        EpochId.of(parent.epochId),
        parent.epoch,
        c.commitClass(),
        LeafIndex.of(c.committer()),
        rank(parent, c.committer(), creator));
  }

  /** The winner among the valid Commits of {@code commits}, all built on {@code parent}. */
  static FakeCommit winner(
      FakeState parent, List<FakeCommit> commits, Optional<LeafIndex> creator) {
    List<CommitRecord> records = new ArrayList<>();
    for (FakeCommit c : commits) {
      if (!c.invalid()) {
        records.add(record(parent, c, creator));
      }
    }
    CommitId best = TieBreak.winner(records).commit();
    return commits.stream().filter(c -> c.id().equals(best)).findFirst().orElseThrow();
  }

  /** {@code leaves} sorted from the best rank in {@code parent} to the worst. */
  static List<Long> byRank(FakeState parent, List<Long> leaves, Optional<LeafIndex> creator) {
    List<Long> sorted = new ArrayList<>(leaves);
    sorted.sort(
        (a, b) -> {
          int cmp = rank(parent, a, creator).compareTo(rank(parent, b, creator));
          return cmp != 0 ? cmp : Long.compare(a, b);
        });
    return sorted;
  }

  /** The state a valid Commit produces from {@code parent} (as the merge of the fake does). */
  static FakeState child(FakeState parent, FakeCommit c) {
    FakeAdapter a = new FakeAdapter();
    Staging<FakeState> s = a.stage(parent, c.wire());
    return ((Staging.Valid<FakeState>) s).candidate().merge();
  }
}
