package org.mlsmesh.protocol.group;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.schedule.KeySchedule;
import org.mlsmesh.protocol.tree.AppliedUpdatePath;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreeKem;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * Processing a Commit from another member or an external joiner (RFC 9420 §12.4.2): resolves its
 * proposals, validates the list, applies it, applies the UpdatePath, runs the key schedule and
 * checks the confirmation tag. Nothing of the group state changes: the result is a {@link
 * StagedCommit}.
 */
final class CommitProcessor {
  private CommitProcessor() {}

  static Processed stage(GroupState state, VerifiedContent verified, long nowMillis)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    Commit commit = ((Content.CommitContent) verified.content().content()).commit();
    Sender sender = verified.sender();
    boolean external = sender.kind() == Sender.Kind.NEW_MEMBER_COMMIT;
    if (!external && !(sender instanceof Sender.Member)) {
      throw new ValidationException(
          ValidationCode.SENDER_CONTENT_MISMATCH, sender.kind() + " sender sent a Commit");
    }
    if (sender instanceof Sender.Member member && member.leafIndex().equals(state.ownLeaf())) {
      throw new ValidationException(ValidationCode.COMMIT_FROM_SELF, "");
    }

    List<CommittedProposal> proposals = resolve(state, commit, sender);
    VerifiedAdds verifiedAdds = new VerifiedAdds();
    if (external) {
      ProposalValidator.validateExternalList(state, proposals, nowMillis);
      approveExternalJoiner(state, commit, proposals);
    } else {
      LeafIndex committer = ((Sender.Member) sender).leafIndex();
      ProposalValidator.validateList(state, proposals, committer, nowMillis, verifiedAdds);
    }
    AppliedProposals applied = ProposalApplier.apply(state, proposals, nowMillis, verifiedAdds);
    if (commit.path().isEmpty() && (applied.pathRequired || external)) {
      throw new ValidationException(
          ValidationCode.COMMIT_PATH_MISSING,
          proposals.isEmpty() ? "empty Commit" : "path-required proposals");
    }
    if (applied.removed.contains(state.ownLeaf())) {
      return new Processed.Removed(
          state,
          sender,
          verified.senderCredential,
          epoch.number() + 1,
          GroupState.members(applied.tree));
    }

    RatchetTree tree = applied.tree;
    LeafIndex committer;
    if (external) {
      var free = tree.reserveFreeLeaf();
      tree = free.tree();
      committer = free.index();
    } else {
      committer = ((Sender.Member) sender).leafIndex();
    }
    GroupContext provisional =
        new GroupContext(
            epoch.context.version(),
            epoch.context.cipherSuite(),
            epoch.groupId(),
            epoch.number() + 1,
            Bytes.EMPTY,
            epoch.context.confirmedTranscriptHash(),
            applied.extensions);
    CryptoProvider crypto = epoch.crypto();
    Secret commitSecret;
    TreePrivateKeys newKeys;
    RatchetTree newTree;
    if (commit.path().isPresent()) {
      UpdatePath path = commit.path().get();
      LeafNode leaf = path.leafNode();
      new LeafNodeValidator(epoch.suite, state.environment().credentials())
          .validateForCommit(
              tree,
              committer,
              leaf,
              ProposalValidator.leafContext(state, applied.extensions, nowMillis));
      GroupExtensions.requireSupported(leaf, applied.extensions, "the committer");
      TreePrivateKeys keys = keysAfterProposals(state, applied);
      AppliedUpdatePath result;
      try {
        result =
            TreeKem.applyUpdatePath(
                tree, committer, path, keys, provisional, applied.joinerLeaves());
      } finally {
        keys.destroy();
      }
      newTree = result.tree();
      provisional = result.groupContext();
      commitSecret = result.commitSecret().copy();
      newKeys = result.privateKeys();
      result.destroy();
    } else {
      newTree = tree;
      provisional = withTreeHash(provisional, newTree.treeHash());
      commitSecret = Secret.zero(epoch.suite.hashLength());
      newKeys = keysAfterProposals(state, applied);
    }

    Secret initSecret =
        external ? externalInitSecret(epoch, applied) : epoch.secrets.initSecret().copy();
    Secret pskSecret = EpochTransition.pskSecret(state, applied.psks);
    EpochTransition transition;
    try {
      transition =
          EpochTransition.run(
              crypto,
              provisional,
              epoch.interimTranscriptHash,
              initSecret,
              commitSecret,
              pskSecret,
              verified.authenticated.wireFormat(),
              verified.content(),
              verified.authenticated.auth().signature());
    } finally {
      initSecret.destroy();
      commitSecret.destroy();
      pskSecret.destroy();
    }
    transition.destroy();
    Bytes received = verified.authenticated.auth().confirmationTag().orElseThrow();
    if (!MessageDigest.isEqual(transition.confirmationTag.toByteArray(), received.toByteArray())) {
      transition.secrets.destroy();
      newKeys.destroy();
      throw new ValidationException(ValidationCode.CONFIRMATION_TAG_INVALID, "");
    }
    Epoch next =
        new Epoch(
            transition.context,
            newTree,
            transition.interimTranscriptHash(crypto),
            transition.confirmationTag,
            transition.secrets,
            applied.reInit);
    List<Member> added = new ArrayList<>();
    for (AppliedProposals.Joiner joiner : applied.joiners) {
      added.add(new Member(joiner.leaf(), joiner.keyPackage().leafNode()));
    }
    return new Processed.CommitStaged(
        new StagedCommit(
            state, sender, verified.senderCredential, proposals, added, next, newKeys, false));
  }

  /** RFC 9420 §12.4.3.2: the application's policy accepts the external joiner. */
  private static void approveExternalJoiner(
      GroupState state, Commit commit, List<CommittedProposal> proposals)
      throws ValidationException {
    Optional<LeafIndex> replaced = Optional.empty();
    for (CommittedProposal p : proposals) {
      replaced = replaced.or(() -> ProposalApplier.removedLeaf(p));
    }
    LeafNode joiner =
        commit
            .path()
            .orElseThrow(
                () ->
                    new ValidationException(
                        ValidationCode.COMMIT_PATH_MISSING, "an external Commit needs a path"))
            .leafNode();
    Optional<String> refusal =
        state.environment().externalCommits().refusal(joiner, replaced, state.epoch().context);
    if (refusal.isPresent()) {
      throw new ValidationException(ValidationCode.EXTERNAL_COMMIT_REFUSED, refusal.get());
    }
  }

  /** The proposals of a Commit, those sent by reference looked up in the proposal store. */
  static List<CommittedProposal> resolve(GroupState state, Commit commit, Sender committer)
      throws ValidationException {
    List<CommittedProposal> out = new ArrayList<>(commit.proposals().size());
    for (ProposalOrRef item : commit.proposals()) {
      if (item instanceof ProposalOrRef.ByValue byValue) {
        out.add(CommittedProposal.byValue(byValue.proposal(), committer));
      } else {
        ProposalRef ref = new ProposalRef(((ProposalOrRef.ByReference) item).reference());
        QueuedProposal queued =
            state
                .proposalStore()
                .get(ref)
                .orElseThrow(
                    () ->
                        new ValidationException(
                            ValidationCode.PROPOSAL_REF_UNKNOWN, ref.value().toHex()));
        out.add(CommittedProposal.byReference(queued));
      }
    }
    return out;
  }

  /**
   * This member's private keys in the tree after the proposals: those whose nodes kept their keys,
   * or, when the Commit applies this member's own Update, the new leaf's key.
   */
  static TreePrivateKeys keysAfterProposals(GroupState state, AppliedProposals applied) {
    LeafIndex me = state.ownLeaf();
    if (!applied.updated.contains(me)) {
      return state.privateKeys().retainedIn(applied.tree);
    }
    LeafNode leaf = applied.tree.leaf(me).orElseThrow();
    Secret key =
        state
            .proposalStore()
            .ownUpdateKey(leaf.encryptionKey())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "a Commit applies an Update of this member whose key was not kept"));
    try {
      return TreePrivateKeys.ofLeaf(state.epoch().suite, me, key);
    } catch (CryptoException e) {
      throw new IllegalStateException("the key of an own Update is invalid", e);
    }
  }

  /** RFC 9420 §8.3: the init secret an external joiner sent in its ExternalInit. */
  private static Secret externalInitSecret(Epoch epoch, AppliedProposals applied)
      throws ValidationException {
    HpkeKeyPair external = epoch.secrets.externalKeyPair();
    try {
      return KeySchedule.externalInitSecret(
          epoch.crypto(), external.privateKey(), applied.externalInit.orElseThrow().kemOutput());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.DECRYPTION_FAILED, "external init", e);
    } finally {
      external.destroy();
    }
  }

  static GroupContext withTreeHash(GroupContext context, Bytes treeHash) {
    return new GroupContext(
        context.version(),
        context.cipherSuite(),
        context.groupId(),
        context.epoch(),
        treeHash,
        context.confirmedTranscriptHash(),
        context.extensions());
  }
}
