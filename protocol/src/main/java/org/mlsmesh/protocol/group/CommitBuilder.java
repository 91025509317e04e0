package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.FramedContentAuthData;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.SelfRemove;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreeKem;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * Creating a Commit (RFC 9420 §12.4.1): choose and validate the proposals, apply them, create the
 * UpdatePath, sign, run the key schedule, then the GroupInfo and the Welcome. The committer's state
 * is not changed: the result holds a {@link StagedCommit} like a received Commit's.
 */
final class CommitBuilder {
  private CommitBuilder() {}

  static CommitResult commit(GroupState state, CommitOptions options, long nowMillis)
      throws DecodeException, ValidationException {
    return commit(state, options, Optional.empty(), List.of(), nowMillis);
  }

  /**
   * A Commit covering the proposals of {@code options}, then Adds by value of the clients of {@code
   * verifiedAdds}, whose KeyPackages were validated when they were fetched.
   */
  static CommitResult commit(
      GroupState state,
      CommitOptions options,
      List<VerifiedKeyPackage> verifiedAdds,
      long nowMillis)
      throws DecodeException, ValidationException {
    return commit(state, options, Optional.empty(), verifiedAdds, nowMillis);
  }

  /**
   * A Commit that may also inject {@code linking}, the reinit or branch resumption PSK of an old
   * group, as the first Commit of a new group must (RFC 9420 §11.2, §11.3). Such a PSK is invalid
   * in a PreSharedKey proposal (§12.1.4), so it joins the list after the list was validated.
   */
  static CommitResult commit(
      GroupState state,
      CommitOptions options,
      Optional<LinkingPsk> linking,
      List<VerifiedKeyPackage> verifiedAdds,
      long nowMillis)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    CryptoProvider crypto = epoch.crypto();
    LeafIndex me = state.ownLeaf();
    Sender self = Sender.member(me);

    List<CommittedProposal> proposals = new ArrayList<>();
    List<CommittedProposal> pending = selectPending(state);
    if (options.includePending()) {
      proposals.addAll(pending);
    } else {
      // A committer includes every SelfRemove it received (draft-ietf-mls-extensions).
      for (CommittedProposal p : pending) {
        if (p.kind() == Proposal.Kind.SELF_REMOVE) {
          proposals.add(p);
        }
      }
    }
    for (Proposal proposal : options.proposals()) {
      proposals.add(CommittedProposal.byValue(proposal, self));
    }
    VerifiedAdds verified = new VerifiedAdds();
    for (VerifiedKeyPackage keyPackage : verifiedAdds) {
      Add add = new Add(keyPackage.keyPackage());
      verified.put(add, keyPackage);
      proposals.add(CommittedProposal.byValue(add, self));
    }
    ProposalValidator.validateList(state, proposals, me, nowMillis, verified);
    if (linking.isPresent()) {
      proposals.add(CommittedProposal.byValue(new PreSharedKey(linking.get().id()), self));
    }
    AppliedProposals applied = ProposalApplier.apply(state, proposals, nowMillis, verified);

    GroupContext provisional =
        new GroupContext(
            epoch.context.version(),
            epoch.context.cipherSuite(),
            epoch.groupId(),
            epoch.number() + 1,
            Bytes.EMPTY,
            epoch.context.confirmedTranscriptHash(),
            applied.extensions);
    Optional<CreatedUpdatePath> created = Optional.empty();
    Secret commitSecret;
    TreePrivateKeys newKeys;
    RatchetTree newTree;
    if (applied.pathRequired || options.forcePath()) {
      try {
        created =
            Optional.of(
                TreeKem.createUpdatePath(
                    applied.tree,
                    me,
                    applied.tree.leaf(me).orElseThrow(),
                    state.signer().privateKey(),
                    provisional,
                    applied.joinerLeaves(),
                    state.environment().random()));
      } catch (CryptoException e) {
        throw new IllegalStateException("encrypting the UpdatePath failed", e);
      }
      newTree = created.get().tree();
      provisional = created.get().groupContext();
      commitSecret = created.get().commitSecret().copy();
      newKeys = created.get().privateKeys();
    } else {
      newTree = applied.tree;
      provisional = CommitProcessor.withTreeHash(provisional, newTree.treeHash());
      commitSecret = Secret.zero(epoch.suite.hashLength());
      newKeys = state.privateKeys().retainedIn(applied.tree);
    }

    List<ProposalOrRef> covered = new ArrayList<>(proposals.size());
    for (CommittedProposal p : proposals) {
      covered.add(
          p.ref().isPresent()
              ? ProposalOrRef.byReference(p.ref().get().value())
              : ProposalOrRef.byValue(p.proposal()));
    }
    Commit commit = new Commit(covered, created.map(CreatedUpdatePath::updatePath));
    WireFormat format = MessageFactory.handshakeFormat(state);
    FramedContent framed =
        MessageFactory.frame(state, Content.commit(commit), options.authenticatedData());
    // The signature does not cover the confirmation tag; the tag depends on the signature.
    Bytes signature =
        ContentSigning.sign(
                crypto,
                format,
                framed,
                epoch.context,
                state.signer().privateKey(),
                Optional.of(Bytes.EMPTY))
            .auth()
            .signature();

    Secret pskSecret =
        EpochTransition.pskSecret(
            state, applied.psks, linking.isPresent() ? linking.get().asStore() : PskStore.none());
    Secret initSecret = epoch.secrets.initSecret().copy();
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
              format,
              framed,
              signature);
    } finally {
      initSecret.destroy();
      commitSecret.destroy();
    }
    AuthenticatedContent signed =
        new AuthenticatedContent(
            format, framed, FramedContentAuthData.of(signature, transition.confirmationTag));
    MlsMessage message = MessageFactory.protect(state, signed, 0);

    Epoch next =
        new Epoch(
            transition.context,
            newTree,
            transition.interimTranscriptHash(crypto),
            transition.confirmationTag,
            transition.secrets,
            applied.reInit);
    // Only a Welcome needs the GroupInfo now; else it is built when the caller asks for it.
    Supplier<GroupInfo> groupInfo =
        WelcomeBuilder.deferredGroupInfo(
            state, next, options.ratchetTreeInWelcome(), options.externalPub());
    Optional<MlsMessage> welcome = Optional.empty();
    try {
      if (!applied.joiners.isEmpty()) {
        welcome =
            Optional.of(
                WelcomeBuilder.welcome(
                    state,
                    groupInfo.get(),
                    transition.joinerSecret,
                    pskSecret,
                    applied.psks,
                    applied.joiners,
                    created));
      }
    } finally {
      pskSecret.destroy();
      transition.destroy();
      created.ifPresent(CreatedUpdatePath::destroy);
    }
    List<Member> added = new ArrayList<>();
    for (AppliedProposals.Joiner joiner : applied.joiners) {
      added.add(new Member(joiner.leaf(), joiner.keyPackage().leafNode()));
    }
    StagedCommit staged =
        new StagedCommit(
            state,
            self,
            state.tree().leaf(state.ownLeaf()).orElseThrow().credential(),
            proposals,
            added,
            next,
            newKeys,
            true);
    state.setPendingCommit(staged);
    return new CommitResult(message, welcome, groupInfo, staged);
  }

  /**
   * The pending proposals a Commit should cover (RFC 9420 §12.2, §12.4): all of them, except this
   * member's own Updates (its UpdatePath replaces them), Removes and SelfRemoves of itself, Updates
   * of leaves also removed (a Remove wins) or updated again later (the latest Update wins), Removes
   * of members that remove themselves (their SelfRemove is included instead), repeated Adds of one
   * client or of a member not removed, repeated PSKs, all but the first GroupContextExtensions, and
   * a ReInit when anything else is pending.
   */
  static List<CommittedProposal> selectPending(GroupState state) {
    LeafIndex me = state.ownLeaf();
    List<QueuedProposal> pending = state.proposalStore().all();
    Set<LeafIndex> removed = new HashSet<>();
    Set<LeafIndex> leaving = new HashSet<>();
    Map<LeafIndex, QueuedProposal> latestUpdate = new LinkedHashMap<>();
    for (QueuedProposal q : pending) {
      if (q.proposal() instanceof Remove remove && !remove.removed().equals(me)) {
        removed.add(remove.removed());
      } else if (q.proposal() instanceof SelfRemove
          && q.sender() instanceof Sender.Member member
          && !member.leafIndex().equals(me)) {
        removed.add(member.leafIndex());
        leaving.add(member.leafIndex());
      } else if (q.proposal().kind() == Proposal.Kind.UPDATE
          && q.sender() instanceof Sender.Member member) {
        latestUpdate.put(member.leafIndex(), q);
      }
    }
    Set<Bytes> memberKeys = new HashSet<>();
    boolean pendingAdds = false;
    for (QueuedProposal q : pending) {
      pendingAdds |= q.proposal().kind() == Proposal.Kind.ADD;
    }
    if (pendingAdds) {
      for (LeafIndex member : state.epoch().tree.members()) {
        if (!removed.contains(member)) {
          memberKeys.add(state.epoch().tree.leaf(member).orElseThrow().signatureKey());
        }
      }
    }
    List<CommittedProposal> out = new ArrayList<>();
    Set<LeafIndex> removes = new HashSet<>();
    Set<LeafIndex> selfRemoves = new HashSet<>();
    Set<Bytes> addedKeys = new HashSet<>();
    Set<PreSharedKeyId> psks = new HashSet<>();
    boolean groupContextExtensions = false;
    List<QueuedProposal> reInits = new ArrayList<>();
    for (QueuedProposal q : pending) {
      Proposal p = q.proposal();
      boolean keep =
          switch (p.kind()) {
            case REMOVE -> {
              LeafIndex target = ((Remove) p).removed();
              yield !target.equals(me) && !leaving.contains(target) && removes.add(target);
            }
            case SELF_REMOVE -> {
              LeafIndex leaf = ((Sender.Member) q.sender()).leafIndex();
              yield !leaf.equals(me) && selfRemoves.add(leaf);
            }
            case CUSTOM -> true;
            case UPDATE -> {
              LeafIndex leaf = ((Sender.Member) q.sender()).leafIndex();
              yield !leaf.equals(me) && !removed.contains(leaf) && latestUpdate.get(leaf) == q;
            }
            case ADD -> {
              Bytes key = ((Add) p).keyPackage().leafNode().signatureKey();
              yield !memberKeys.contains(key) && addedKeys.add(key);
            }
            case PSK ->
                psks.add(((PreSharedKey) p).psk())
                    && state.findPsk(((PreSharedKey) p).psk()).isPresent();
            case GROUP_CONTEXT_EXTENSIONS -> {
              boolean first = !groupContextExtensions;
              groupContextExtensions = true;
              yield first;
            }
            case REINIT -> {
              reInits.add(q);
              yield false;
            }
            case EXTERNAL_INIT -> false;
          };
      if (keep) {
        out.add(CommittedProposal.byReference(q));
      }
    }
    if (out.isEmpty() && !reInits.isEmpty()) {
      out.add(CommittedProposal.byReference(reInits.get(0)));
    }
    return out;
  }
}
