package org.mlsmesh.protocol.group;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalInit;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * The result of applying a Commit's proposal list (RFC 9420 §12.3): the tree and GroupContext
 * extensions after it, the new members and where they were placed, the PSKs to inject in order, and
 * the ExternalInit or ReInit it carries.
 */
final class AppliedProposals {
  /** A member added by the Commit, at {@code leaf}. */
  record Joiner(LeafIndex leaf, KeyPackage keyPackage) {}

  final RatchetTree tree;
  final List<Extension> extensions;
  final List<Joiner> joiners;
  final List<PreSharedKeyId> psks;
  final Set<LeafIndex> removed;
  final Set<LeafIndex> updated;
  final Optional<ExternalInit> externalInit;
  final Optional<ReInit> reInit;
  final boolean pathRequired;

  AppliedProposals(
      RatchetTree tree,
      List<Extension> extensions,
      List<Joiner> joiners,
      List<PreSharedKeyId> psks,
      Set<LeafIndex> removed,
      Set<LeafIndex> updated,
      Optional<ExternalInit> externalInit,
      Optional<ReInit> reInit,
      boolean pathRequired) {
    this.tree = tree;
    this.extensions = List.copyOf(extensions);
    this.joiners = List.copyOf(joiners);
    this.psks = List.copyOf(psks);
    this.removed = new TreeSet<>(removed);
    this.updated = new TreeSet<>(updated);
    this.externalInit = externalInit;
    this.reInit = reInit;
    this.pathRequired = pathRequired;
  }

  Set<LeafIndex> joinerLeaves() {
    Set<LeafIndex> out = new TreeSet<>();
    joiners.forEach(j -> out.add(j.leaf()));
    return out;
  }
}
