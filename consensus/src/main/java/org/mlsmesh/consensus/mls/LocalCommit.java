package org.mlsmesh.consensus.mls;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A Commit the local member created (RFC 9420 §12.4.1) on {@code parent}, not yet applied: hand it
 * to gossip and to the fork choice as {@code Input.LocalCommitCreated}; keep the Welcome until the
 * fork choice releases it.
 *
 * @param commit the Commit's id (a hash of {@code wire})
 * @param parent the epoch it builds on
 * @param wire the MLSMessage bytes
 * @param welcome the Welcome for the members it adds, if any
 */
public record LocalCommit(CommitId commit, EpochId parent, Bytes wire, Optional<Bytes> welcome) {
  public LocalCommit {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(welcome, "welcome");
  }
}
