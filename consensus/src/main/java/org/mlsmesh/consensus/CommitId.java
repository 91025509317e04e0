package org.mlsmesh.consensus;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A Commit identified by its hash. Every member must compute the same id for the same Commit: the
 * shell hashes the MLSMessage bytes exactly as gossip forwards them (the committer encrypts a
 * Commit once and nobody re-encrypts it, so the bytes, and the id, are stable).
 */
public record CommitId(Bytes value) implements Comparable<CommitId> {
  public CommitId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty commit id");
    }
  }

  public static CommitId of(Bytes value) {
    return new CommitId(value);
  }

  /** Unsigned lexicographic order of the hash bytes: the last tie-break of {@link TieBreak}. */
  @Override
  public int compareTo(CommitId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "commit " + Ids.shortHex(value);
  }
}
