package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalInit;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.SelfRemove;
import org.mlsmesh.protocol.message.Update;
import org.mlsmesh.protocol.tree.AddedLeaf;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * Applies a validated proposal list to the current tree and GroupContext extensions in the order of
 * RFC 9420 §12.3 (GroupContextExtensions, Updates, Removes and SelfRemoves, Adds, then PSKs,
 * ExternalInit and ReInit; custom proposals change nothing here), validating each new leaf node
 * against the tree it enters (§7.3) and the new GroupContext against every member of the resulting
 * tree (§12.1.7).
 */
final class ProposalApplier {
  private ProposalApplier() {}

  static AppliedProposals apply(GroupState state, List<CommittedProposal> proposals, long nowMillis)
      throws DecodeException, ValidationException {
    return apply(state, proposals, nowMillis, new VerifiedAdds());
  }

  /**
   * As {@link #apply(GroupState, List, long)}; the leaf signatures of the Adds in {@code verified}
   * were verified with their KeyPackages (§10.1) and are not verified again.
   */
  static AppliedProposals apply(
      GroupState state, List<CommittedProposal> proposals, long nowMillis, VerifiedAdds verified)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    List<Extension> extensions = epoch.context.extensions();
    boolean newExtensions = false;
    for (CommittedProposal p : proposals) {
      if (p.proposal() instanceof GroupContextExtensions gce) {
        extensions = gce.extensions();
        newExtensions = true;
      }
    }
    LeafValidationContext context = ProposalValidator.leafContext(state, extensions, nowMillis);
    LeafNodeValidator leaves =
        new LeafNodeValidator(epoch.suite, state.environment().credentials());

    RatchetTree tree = epoch.tree;
    Set<LeafIndex> updated = new HashSet<>();
    for (CommittedProposal p : proposals) {
      if (p.proposal() instanceof Update update) {
        LeafIndex leaf = ((Sender.Member) p.sender()).leafIndex();
        leaves.validateForUpdate(tree, leaf, update.leafNode(), context);
        tree = tree.updateLeaf(leaf, update.leafNode());
        updated.add(leaf);
      }
    }
    Set<LeafIndex> removed = new HashSet<>();
    for (CommittedProposal p : proposals) {
      Optional<LeafIndex> leaving = removedLeaf(p);
      if (leaving.isPresent()) {
        tree = tree.removeLeaf(leaving.get());
        removed.add(leaving.get());
      }
    }
    List<AppliedProposals.Joiner> joiners = new ArrayList<>();
    for (CommittedProposal p : proposals) {
      if (p.proposal() instanceof Add add) {
        Optional<VerifiedKeyPackage> known = verified.get(add);
        if (known.isPresent()) {
          leaves.validateForAdd(tree, known.get(), context);
        } else {
          leaves.validateForAdd(tree, add.keyPackage().leafNode(), context);
        }
        GroupExtensions.requireSupported(
            add.keyPackage().leafNode(), extensions, "the added member");
        AddedLeaf added = tree.addLeaf(add.keyPackage().leafNode());
        tree = added.tree();
        joiners.add(new AppliedProposals.Joiner(added.index(), add.keyPackage()));
      }
    }
    if (newExtensions) {
      ProposalValidator.requireAllSupport(tree, extensions);
    }
    List<PreSharedKeyId> psks = new ArrayList<>();
    Optional<ExternalInit> externalInit = Optional.empty();
    Optional<ReInit> reInit = Optional.empty();
    boolean pathRequired = proposals.isEmpty();
    for (CommittedProposal p : proposals) {
      switch (p.kind()) {
        case PSK -> psks.add(((PreSharedKey) p.proposal()).psk());
        case EXTERNAL_INIT -> {
          externalInit = Optional.of((ExternalInit) p.proposal());
          pathRequired = true;
        }
        case REINIT -> reInit = Optional.of((ReInit) p.proposal());
        case ADD -> {}
        case UPDATE, REMOVE, GROUP_CONTEXT_EXTENSIONS, SELF_REMOVE, CUSTOM -> pathRequired = true;
      }
    }
    return new AppliedProposals(
        tree, extensions, joiners, psks, removed, updated, externalInit, reInit, pathRequired);
  }

  /** The leaf a Remove removes, or the sender's leaf of a SelfRemove (§12.1.3, SelfRemove). */
  static Optional<LeafIndex> removedLeaf(CommittedProposal p) {
    if (p.proposal() instanceof Remove remove) {
      return Optional.of(remove.removed());
    }
    if (p.proposal() instanceof SelfRemove && p.sender() instanceof Sender.Member member) {
      return Optional.of(member.leafIndex());
    }
    return Optional.empty();
  }
}
