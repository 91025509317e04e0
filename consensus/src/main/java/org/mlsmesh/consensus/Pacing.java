package org.mlsmesh.consensus;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * Commit pacing to make races rare (RFC 9750 §5.2.2, option 1 "pause ... to see if any other
 * Commits are received"): the member with the best rank in the current epoch commits at once; the
 * others send proposals and commit only after {@code proposalPreferenceMillis} plus {@code
 * rankStepMillis} per position after the second, capped at {@code maxCommitDelayMillis}. Since the
 * ranks are those of {@link TieBreak}, the member that would win a race is also the one that
 * commits first.
 */
public final class Pacing {
  private Pacing() {}

  /**
   * Advice for {@code self} among {@code members} in the epoch whose fork-choice exporter output is
   * {@code exporter} and whose creator is {@code epochCreator}. Does not consume {@code exporter}.
   */
  public static CommitAdvice advise(
      Secret exporter,
      List<LeafIndex> members,
      LeafIndex self,
      Optional<LeafIndex> epochCreator,
      ForkChoiceConfig config) {
    Rank own = TieBreak.rank(exporter, self, epochCreator);
    int position = 0;
    for (LeafIndex member : members) {
      if (member.equals(self)) {
        continue;
      }
      Rank other = TieBreak.rank(exporter, member, epochCreator);
      int cmp = other.compareTo(own);
      if (cmp < 0 || (cmp == 0 && member.compareTo(self) < 0)) {
        position++;
      }
    }
    return new CommitAdvice(position, members.size(), delay(position, config), position > 0);
  }

  /** The delay of rank position {@code position}: 0 for the best. */
  public static long delay(int position, ForkChoiceConfig config) {
    if (position <= 0) {
      return 0;
    }
    long steps = position - 1L;
    long extra =
        config.rankStepMillis() == 0
                || steps <= (config.maxCommitDelayMillis() / config.rankStepMillis())
            ? steps * config.rankStepMillis()
            : config.maxCommitDelayMillis();
    return Math.min(config.maxCommitDelayMillis(), config.proposalPreferenceMillis() + extra);
  }
}
