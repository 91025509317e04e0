package org.mlsmesh.consensus;

/**
 * A committer's per-epoch rank, an unsigned 64-bit number: lower wins. Derived by {@link
 * TieBreak#rank} from the parent epoch's exporter output and the committer's leaf index, so it is
 * public once computed but cannot be chosen by the committer.
 */
public record Rank(long value) implements Comparable<Rank> {
  /** The worst rank: given to the member that created the parent epoch (see {@link TieBreak}). */
  public static final Rank LAST = new Rank(-1L);

  @Override
  public int compareTo(Rank other) {
    return Long.compareUnsigned(value, other.value);
  }

  public boolean isBetterThan(Rank other) {
    return compareTo(other) < 0;
  }

  @Override
  public String toString() {
    return String.format("rank %016x", value);
  }
}
