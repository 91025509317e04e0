package org.mlsmesh.consensus;

/**
 * When the local member should commit in the current epoch (see {@link Pacing}).
 *
 * @param position the local member's rank position among the members, 0 for the best
 * @param members the number of members ranked
 * @param delayMillis how long to wait, after having something to commit, before committing; if a
 *     Commit from someone else arrives first, do not commit (send proposals instead)
 * @param preferProposals true when the local member should send proposals rather than commit during
 *     the delay
 */
public record CommitAdvice(int position, int members, long delayMillis, boolean preferProposals) {
  public CommitAdvice {
    if (position < 0 || members < 0 || delayMillis < 0) {
      throw new IllegalArgumentException("negative value");
    }
  }
}
