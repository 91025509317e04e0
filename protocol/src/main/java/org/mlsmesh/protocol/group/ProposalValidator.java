package org.mlsmesh.protocol.group;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.Update;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * Proposal validation: each proposal on its own (RFC 9420 §12.1), and the list a Commit covers
 * (§12.2). The checks that need the tree after the Commit (leaf nodes of Adds and Updates, support
 * of the new GroupContext) run while the list is applied ({@link ProposalApplier}).
 */
final class ProposalValidator {
  private ProposalValidator() {}

  /** RFC 9420 §12.1: one proposal against the current epoch. */
  static void validate(GroupState state, Proposal proposal, Sender sender, long nowMillis)
      throws DecodeException, ValidationException {
    validate(state, proposal, sender, Set.of(), nowMillis, new VerifiedAdds());
  }

  /**
   * RFC 9420 §12.1: one proposal against the current epoch, where the members at {@code leaving}
   * leave with the Commit that covers it (they need not support its type, §12.2); Adds are recorded
   * in {@code verified}.
   */
  private static void validate(
      GroupState state,
      Proposal proposal,
      Sender sender,
      Set<LeafIndex> leaving,
      long nowMillis,
      VerifiedAdds verified)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    switch (proposal.kind()) {
      case ADD -> validateAdd(state, (Add) proposal, nowMillis, verified);
      case UPDATE -> validateUpdate(state, (Update) proposal, sender, nowMillis);
      case REMOVE -> validateRemove(epoch.tree, (Remove) proposal);
      case PSK -> {
        PreSharedKeyId psk = ((PreSharedKey) proposal).psk();
        validatePsk(epoch.suite, psk);
        validateOwnResumptionPsk(state, psk);
      }
      case REINIT -> validateReInit(epoch, (ReInit) proposal);
      case EXTERNAL_INIT ->
          throw new ValidationException(
              ValidationCode.EXTERNAL_INIT_NOT_ALLOWED, "only inside an external Commit");
      case GROUP_CONTEXT_EXTENSIONS ->
          validateGroupContextExtensions(epoch.tree, (GroupContextExtensions) proposal);
      case SELF_REMOVE -> {
        if (!(sender instanceof Sender.Member member)) {
          throw new ValidationException(
              ValidationCode.SENDER_CONTENT_MISMATCH, sender.kind() + " sender sent a SelfRemove");
        }
        MessageProcessor.memberLeaf(epoch.tree, member.leafIndex());
        requireTypeSupported(epoch.tree, proposal.type(), leaving);
      }
      case CUSTOM -> requireTypeSupported(epoch.tree, proposal.type(), leaving);
    }
  }

  /**
   * RFC 9420 §7.2, §12.2: every member of {@code tree} except those at {@code leaving} lists the
   * non-default proposal type {@code type} in its capabilities.
   */
  static void requireTypeSupported(RatchetTree tree, int type, Set<LeafIndex> leaving)
      throws ValidationException {
    for (LeafIndex member : tree.members()) {
      if (!leaving.contains(member)
          && !tree.leaf(member).orElseThrow().capabilities().proposals().contains(type)) {
        throw new ValidationException(
            ValidationCode.PROPOSAL_TYPE_UNSUPPORTED,
            String.format("%s does not support proposal type 0x%04x", member, type));
      }
    }
  }

  /**
   * RFC 9420 §8.6: a resumption PSK of this group names an epoch whose PSK this member still keeps
   * ({@link GroupConfig#resumptionPskEpochs()}); older ones were deleted.
   */
  private static void validateOwnResumptionPsk(GroupState state, PreSharedKeyId psk)
      throws ValidationException {
    if (psk.type() == PreSharedKeyId.PskType.RESUMPTION
        && psk.pskGroupId().equals(state.groupId())
        && state.findPsk(psk).isEmpty()) {
      throw new ValidationException(
          ValidationCode.RESUMPTION_PSK_EPOCH_UNAVAILABLE,
          "epoch "
              + psk.pskEpoch()
              + " of the group, which is in epoch "
              + state.currentEpoch()
              + " and keeps the resumption PSKs of "
              + state.resumptionPskEpochs());
    }
  }

  /**
   * RFC 9420 §12.1.1: the KeyPackage is valid (§10.1) and supports the group's extensions. A
   * KeyPackage in {@code verified} was validated when it was fetched: only its suite is checked
   * again; one validated here is added to {@code verified}.
   */
  private static void validateAdd(GroupState state, Add add, long nowMillis, VerifiedAdds verified)
      throws ValidationException {
    Epoch epoch = state.epoch();
    Optional<VerifiedKeyPackage> known = verified.get(add);
    if (known.isPresent()) {
      if (known.get().suite() != epoch.suite) {
        throw new ValidationException(
            ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH,
            "verified for " + known.get().suite() + ", group uses " + epoch.suite);
      }
    } else {
      verified.put(
          add, state.environment().keyPackages().verify(add.keyPackage(), epoch.suite, nowMillis));
    }
    GroupExtensions.requireSupported(
        add.keyPackage().leafNode(), epoch.context.extensions(), "the added member");
  }

  /** RFC 9420 §12.1.2: the leaf node is valid for an Update of the sender's leaf (§7.3). */
  private static void validateUpdate(GroupState state, Update update, Sender sender, long nowMillis)
      throws DecodeException, ValidationException {
    if (!(sender instanceof Sender.Member member)) {
      throw new ValidationException(
          ValidationCode.SENDER_CONTENT_MISMATCH, sender.kind() + " sender sent an Update");
    }
    Epoch epoch = state.epoch();
    MessageProcessor.memberLeaf(epoch.tree, member.leafIndex());
    new LeafNodeValidator(epoch.suite, state.environment().credentials())
        .validateForUpdate(
            epoch.tree,
            member.leafIndex(),
            update.leafNode(),
            leafContext(state, epoch.context.extensions(), nowMillis));
    GroupExtensions.requireSupported(
        update.leafNode(), epoch.context.extensions(), member.leafIndex().toString());
  }

  private static void validateRemove(RatchetTree tree, Remove remove) throws ValidationException {
    LeafIndex removed = remove.removed();
    if (!tree.contains(removed) || tree.leaf(removed).isEmpty()) {
      throw new ValidationException(ValidationCode.REMOVE_TARGET_NOT_MEMBER, removed.toString());
    }
  }

  /** RFC 9420 §12.1.4: the nonce is Nh bytes; reinit and branch resumption PSKs are not used. */
  static void validatePsk(CipherSuite suite, PreSharedKeyId psk) throws ValidationException {
    if (psk.nonce().length() != suite.hashLength()) {
      throw new ValidationException(
          ValidationCode.PSK_NONCE_LENGTH_INVALID,
          psk.nonce().length() + " bytes, Nh = " + suite.hashLength());
    }
    if (psk.type() == PreSharedKeyId.PskType.RESUMPTION
        && psk.usage() != PreSharedKeyId.ResumptionUsage.APPLICATION) {
      throw new ValidationException(
          ValidationCode.PSK_USAGE_INVALID, "usage " + psk.usage() + " in a PreSharedKey proposal");
    }
  }

  private static void validateReInit(Epoch epoch, ReInit reInit) throws ValidationException {
    if (reInit.version() < epoch.context.version()) {
      throw new ValidationException(
          ValidationCode.REINIT_VERSION_DOWNGRADE,
          "version " + reInit.version() + " < " + epoch.context.version());
    }
    GroupExtensions.requireDistinctTypes(reInit.extensions(), "the ReInit extensions");
  }

  /**
   * RFC 9420 §12.1.7, §11.1: every current member supports the new extensions and required
   * capabilities (checked again on the tree after the Commit, {@link ProposalApplier}).
   */
  private static void validateGroupContextExtensions(
      RatchetTree tree, GroupContextExtensions proposal)
      throws DecodeException, ValidationException {
    GroupExtensions.requireDistinctTypes(proposal.extensions(), "the GroupContextExtensions");
    requireAllSupport(tree, proposal.extensions());
  }

  /** Every member of {@code tree} supports {@code extensions} and their required capabilities. */
  static void requireAllSupport(RatchetTree tree, List<Extension> extensions)
      throws DecodeException, ValidationException {
    LeafValidationContext required = LeafValidationContext.of(Bytes.EMPTY, extensions, 0, false);
    for (LeafIndex member : tree.members()) {
      LeafNode leaf = tree.leaf(member).orElseThrow();
      GroupExtensions.requireSupported(leaf, extensions, member.toString());
      requireCapabilities(leaf, required, member.toString());
    }
  }

  /** RFC 9420 §11.1: the leaf lists every required extension, proposal and credential type. */
  static void requireCapabilities(LeafNode leaf, LeafValidationContext required, String who)
      throws ValidationException {
    var capabilities = leaf.capabilities();
    for (int type : required.requiredExtensions()) {
      if (!capabilities.extensions().contains(type)) {
        throw unsupported(who, "extension", type);
      }
    }
    for (int type : required.requiredProposals()) {
      if (!capabilities.proposals().contains(type)) {
        throw unsupported(who, "proposal", type);
      }
    }
    for (int type : required.requiredCredentials()) {
      if (!capabilities.credentials().contains(type)) {
        throw unsupported(who, "credential", type);
      }
    }
  }

  private static ValidationException unsupported(String who, String what, int type) {
    return new ValidationException(
        ValidationCode.GROUP_CONTEXT_EXTENSION_UNSUPPORTED,
        String.format("%s does not support required %s type 0x%04x", who, what, type));
  }

  /**
   * RFC 9420 §12.2: the rules on a regular Commit's whole list from member {@code committer}, and
   * each proposal sent by value on its own (those sent by reference were checked on arrival).
   */
  static void validateList(
      GroupState state, List<CommittedProposal> proposals, LeafIndex committer, long nowMillis)
      throws DecodeException, ValidationException {
    validateList(state, proposals, committer, nowMillis, new VerifiedAdds());
  }

  /**
   * As {@link #validateList(GroupState, List, LeafIndex, long)}; the KeyPackages of Adds in {@code
   * verified} were validated when fetched, and those of Adds validated here are added to it.
   */
  static void validateList(
      GroupState state,
      List<CommittedProposal> proposals,
      LeafIndex committer,
      long nowMillis,
      VerifiedAdds verified)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    Set<LeafIndex> changedLeaves = new HashSet<>();
    Set<Bytes> addedKeys = new HashSet<>();
    Set<PreSharedKeyId> psks = new HashSet<>();
    Set<LeafIndex> removed = new HashSet<>();
    int groupContextExtensions = 0;
    boolean reInit = false;
    for (CommittedProposal committed : proposals) {
      Proposal proposal = committed.proposal();
      switch (proposal.kind()) {
        case UPDATE -> {
          if (!(committed.sender() instanceof Sender.Member member)) {
            throw new ValidationException(
                ValidationCode.SENDER_CONTENT_MISMATCH,
                committed.sender().kind() + " sender of an Update");
          }
          LeafIndex leaf = member.leafIndex();
          if (leaf.equals(committer)) {
            throw new ValidationException(ValidationCode.COMMITTER_UPDATE_INCLUDED, "");
          }
          if (!changedLeaves.add(leaf)) {
            throw new ValidationException(ValidationCode.LEAF_CHANGED_TWICE, leaf.toString());
          }
        }
        case REMOVE -> {
          LeafIndex leaf = ((Remove) proposal).removed();
          if (leaf.equals(committer)) {
            throw new ValidationException(ValidationCode.COMMITTER_REMOVED, "");
          }
          if (!changedLeaves.add(leaf)) {
            throw new ValidationException(ValidationCode.LEAF_CHANGED_TWICE, leaf.toString());
          }
          removed.add(leaf);
        }
        case ADD -> {
          Bytes key = ((Add) proposal).keyPackage().leafNode().signatureKey();
          if (!addedKeys.add(key)) {
            throw new ValidationException(ValidationCode.ADD_DUPLICATE, "signature key " + key);
          }
        }
        case PSK -> {
          PreSharedKeyId id = ((PreSharedKey) proposal).psk();
          if (!psks.add(id)) {
            throw new ValidationException(ValidationCode.PSK_DUPLICATE, id.toString());
          }
        }
        case GROUP_CONTEXT_EXTENSIONS -> {
          if (++groupContextExtensions > 1) {
            throw new ValidationException(ValidationCode.GROUP_CONTEXT_EXTENSIONS_DUPLICATE, "");
          }
        }
        case REINIT -> reInit = true;
        case EXTERNAL_INIT ->
            throw new ValidationException(
                ValidationCode.EXTERNAL_INIT_NOT_ALLOWED, "in a regular Commit");
        case SELF_REMOVE -> {
          if (committed.ref().isEmpty()) {
            throw new ValidationException(ValidationCode.SELF_REMOVE_BY_VALUE, "");
          }
          if (!(committed.sender() instanceof Sender.Member member)) {
            throw new ValidationException(
                ValidationCode.SENDER_CONTENT_MISMATCH,
                committed.sender().kind() + " sender of a SelfRemove");
          }
          LeafIndex leaf = member.leafIndex();
          if (leaf.equals(committer)) {
            throw new ValidationException(
                ValidationCode.COMMITTER_REMOVED, "the committer's own SelfRemove");
          }
          if (!changedLeaves.add(leaf)) {
            throw new ValidationException(ValidationCode.LEAF_CHANGED_TWICE, leaf.toString());
          }
          removed.add(leaf);
        }
        case CUSTOM -> {}
      }
    }
    if (reInit && proposals.size() > 1) {
      throw new ValidationException(
          ValidationCode.REINIT_NOT_ALONE, "with " + (proposals.size() - 1) + " other(s)");
    }
    // An Add of a client already in the group, unless the Commit removes it (§12.2).
    // The tree's key index tells whether any added key is a member's; only then scan the members.
    boolean anyMemberKey = false;
    for (Bytes key : addedKeys) {
      anyMemberKey |= epoch.tree.signatureKeyCount(key) > 0;
    }
    if (anyMemberKey) {
      for (LeafIndex member : epoch.tree.members()) {
        Bytes key = epoch.tree.leaf(member).orElseThrow().signatureKey();
        if (addedKeys.contains(key) && !removed.contains(member)) {
          throw new ValidationException(ValidationCode.ADD_ALREADY_MEMBER, member.toString());
        }
      }
    }
    for (CommittedProposal committed : proposals) {
      if (committed.ref().isEmpty()) {
        validate(state, committed.proposal(), committed.sender(), removed, nowMillis, verified);
      }
    }
    requirePsksAvailable(state, psks);
  }

  /**
   * RFC 9420 §12.2: an external Commit covers exactly one ExternalInit (by value), at most one
   * Remove, any PreSharedKeys, and nothing else.
   */
  static void validateExternalList(
      GroupState state, List<CommittedProposal> proposals, long nowMillis)
      throws DecodeException, ValidationException {
    int externalInits = 0;
    int removes = 0;
    Set<PreSharedKeyId> psks = new HashSet<>();
    for (CommittedProposal committed : proposals) {
      Proposal proposal = committed.proposal();
      switch (proposal.kind()) {
        case EXTERNAL_INIT -> {
          if (committed.ref().isPresent()) {
            throw new ValidationException(ValidationCode.EXTERNAL_INIT_NOT_ALLOWED, "by reference");
          }
          externalInits++;
        }
        case REMOVE -> {
          removes++;
          validateRemove(state.epoch().tree, (Remove) proposal);
        }
        case PSK -> {
          PreSharedKeyId id = ((PreSharedKey) proposal).psk();
          validatePsk(state.epoch().suite, id);
          if (!psks.add(id)) {
            throw new ValidationException(ValidationCode.PSK_DUPLICATE, id.toString());
          }
        }
        case ADD, UPDATE, REINIT, GROUP_CONTEXT_EXTENSIONS, SELF_REMOVE, CUSTOM ->
            throw new ValidationException(
                ValidationCode.EXTERNAL_COMMIT_PROPOSAL_INVALID, proposal.kind().toString());
      }
    }
    if (externalInits != 1) {
      throw new ValidationException(
          ValidationCode.EXTERNAL_INIT_NOT_ALLOWED, externalInits + " ExternalInit proposals");
    }
    if (removes > 1) {
      throw new ValidationException(
          ValidationCode.EXTERNAL_COMMIT_PROPOSAL_INVALID, removes + " Remove proposals");
    }
    requirePsksAvailable(state, psks);
  }

  /** RFC 9420 §12.4.2: every PSK of the Commit is available. */
  private static void requirePsksAvailable(GroupState state, Set<PreSharedKeyId> psks)
      throws ValidationException {
    for (PreSharedKeyId id : psks) {
      Optional<?> found = state.findPsk(id);
      if (found.isEmpty()) {
        throw new ValidationException(ValidationCode.PSK_UNAVAILABLE, id.toString());
      }
    }
  }

  /** The context leaf nodes are checked against. */
  static LeafValidationContext leafContext(
      GroupState state, List<Extension> extensions, long nowMillis) throws DecodeException {
    return LeafValidationContext.of(
        state.epoch().groupId(),
        extensions,
        nowMillis,
        state.environment().config().checkReceivedLifetimes());
  }
}
