package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeExport;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.FramedContentAuthData;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.ProtocolVersion;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalInit;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.schedule.KeySchedule;
import org.mlsmesh.protocol.schedule.PskSecret;
import org.mlsmesh.protocol.schedule.TranscriptHashes;
import org.mlsmesh.protocol.tree.AddedLeaf;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;
import org.mlsmesh.protocol.tree.TreeKem;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * Joining a group by external Commit (RFC 9420 §12.4.3.2): from a GroupInfo with the external_pub
 * extension, the joiner derives the init secret with HPKE, places itself at the leftmost blank
 * leaf, and commits an ExternalInit (and optionally the Remove of its own old leaf, to resync). The
 * members process the Commit like any other; the joiner {@link #join() joins} the new epoch once
 * the group has accepted it.
 */
public final class ExternalCommit {
  private final MlsMessage commit;
  private final GroupEnvironment env;
  private final Epoch epoch;
  private final SignatureKeyPair signer;
  private final TreePrivateKeys privateKeys;
  private boolean done;

  private ExternalCommit(
      MlsMessage commit,
      GroupEnvironment env,
      Epoch epoch,
      SignatureKeyPair signer,
      TreePrivateKeys privateKeys) {
    this.commit = commit;
    this.env = env;
    this.epoch = epoch;
    this.signer = signer;
    this.privateKeys = privateKeys;
  }

  /**
   * Creates an external Commit into the group that {@code groupInfo} describes.
   *
   * @param groupInfo an mls_group_info MLSMessage, with the external_pub extension
   * @param tree the ratchet tree, when the GroupInfo has no ratchet_tree extension
   * @param credential the joiner's credential, bound to {@code signer}
   * @param replacing the joiner's own old leaf to remove (resync), if any
   */
  public static ExternalCommit create(
      GroupEnvironment env,
      MlsMessage groupInfo,
      Optional<RatchetTreeNodes> tree,
      SignatureKeyPair signer,
      Credential credential,
      Optional<LeafIndex> replacing,
      long nowMillis)
      throws DecodeException, ValidationException {
    return create(env, groupInfo, tree, signer, credential, replacing, Bytes.EMPTY, nowMillis);
  }

  /** As above, with {@code authenticatedData} as the Commit's authenticated_data (RFC 9420 §6). */
  public static ExternalCommit create(
      GroupEnvironment env,
      MlsMessage groupInfo,
      Optional<RatchetTreeNodes> tree,
      SignatureKeyPair signer,
      Credential credential,
      Optional<LeafIndex> replacing,
      Bytes authenticatedData,
      long nowMillis)
      throws DecodeException, ValidationException {
    return create(
        env,
        groupInfo,
        tree,
        signer,
        credential,
        replacing,
        List.of(),
        authenticatedData,
        nowMillis);
  }

  /**
   * As above, injecting the PSKs {@code psks} (RFC 9420 §12.4.3.2 allows PreSharedKey proposals in
   * an external Commit), which the joiner's {@link GroupEnvironment#psks()} must hold: external
   * PSKs, as a joiner holds no resumption PSK of the group.
   *
   * @throws ValidationException {@link ValidationCode#PSK_UNAVAILABLE} for a PSK the environment
   *     does not hold
   */
  public static ExternalCommit create(
      GroupEnvironment env,
      MlsMessage groupInfo,
      Optional<RatchetTreeNodes> tree,
      SignatureKeyPair signer,
      Credential credential,
      Optional<LeafIndex> replacing,
      List<PreSharedKeyId> psks,
      Bytes authenticatedData,
      long nowMillis)
      throws DecodeException, ValidationException {
    List<PskSecret.Input> pskInputs = new ArrayList<>();
    for (PreSharedKeyId id : psks) {
      Secret psk =
          env.psks()
              .find(id)
              .orElseThrow(
                  () -> new ValidationException(ValidationCode.PSK_UNAVAILABLE, id.toString()));
      pskInputs.add(new PskSecret.Input(id, psk));
    }
    GroupInfo info =
        groupInfo
            .groupInfo()
            .orElseThrow(
                () ->
                    new ValidationException(
                        ValidationCode.WIRE_FORMAT_UNEXPECTED, groupInfo.wireFormat().toString()));
    GroupContext context = info.groupContext();
    CipherSuite suite =
        CipherSuite.fromId(context.cipherSuite())
            .filter(s -> context.version() == ProtocolVersion.MLS10.code)
            .orElseThrow(
                () ->
                    new ValidationException(
                        ValidationCode.WELCOME_CIPHER_SUITE_MISMATCH,
                        String.format("suite 0x%04x", context.cipherSuite())));
    CryptoProvider crypto = suite.crypto();
    RatchetTree current = WelcomeProcessor.verifiedTree(env, suite, info, tree, nowMillis);
    Optional<Bytes> found;
    try {
      found = GroupExtensions.externalPub(info.extensions());
    } catch (DecodeException e) {
      // RFC 9420 §12.4.3.2: the data is an HPKEPublicKey<V>, length prefix included.
      throw new ValidationException(
          ValidationCode.EXTERNAL_PUB_INVALID,
          "external_pub is not an HPKEPublicKey<V>: " + e.getMessage(),
          e);
    }
    Bytes externalPub =
        found.orElseThrow(
            () -> new ValidationException(ValidationCode.EXTERNAL_PUB_INVALID, "missing"));
    HpkeExport init;
    try {
      init = KeySchedule.externalInit(crypto, externalPub, env.random());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.EXTERNAL_PUB_INVALID, "", e);
    }

    // RFC 9420 §12.4.3.2: ExternalInit, then the Remove of the old leaf if resyncing.
    List<ProposalOrRef> proposals = new ArrayList<>();
    proposals.add(ProposalOrRef.byValue(new ExternalInit(init.kemOutput())));
    RatchetTree afterProposals = current;
    if (replacing.isPresent()) {
      LeafIndex old = replacing.get();
      if (!current.contains(old) || current.leaf(old).isEmpty()) {
        throw new ValidationException(ValidationCode.REMOVE_TARGET_NOT_MEMBER, old.toString());
      }
      proposals.add(ProposalOrRef.byValue(new Remove(old)));
      afterProposals = current.removeLeaf(old);
    }
    for (PreSharedKeyId id : psks) {
      proposals.add(ProposalOrRef.byValue(new PreSharedKey(id)));
    }
    AddedLeaf free = afterProposals.reserveFreeLeaf();
    LeafIndex me = free.index();
    GroupContext provisional =
        new GroupContext(
            context.version(),
            context.cipherSuite(),
            context.groupId(),
            context.epoch() + 1,
            Bytes.EMPTY,
            context.confirmedTranscriptHash(),
            context.extensions());
    CreatedUpdatePath created;
    try {
      created =
          TreeKem.createUpdatePath(
              free.tree(),
              me,
              template(suite, signer, credential, context.extensions()),
              signer.privateKey(),
              provisional,
              Set.of(),
              env.random());
    } catch (CryptoException e) {
      throw new IllegalStateException("encrypting the UpdatePath failed", e);
    }

    Commit commit = new Commit(proposals, Optional.of(created.updatePath()));
    FramedContent framed =
        new FramedContent(
            context.groupId(),
            context.epoch(),
            Sender.newMemberCommit(),
            authenticatedData,
            Content.commit(commit));
    Bytes signature =
        ContentSigning.sign(
                crypto,
                WireFormat.PUBLIC_MESSAGE,
                framed,
                context,
                signer.privateKey(),
                Optional.of(Bytes.EMPTY))
            .auth()
            .signature();
    Bytes interimBefore =
        TranscriptHashes.interim(crypto, context.confirmedTranscriptHash(), info.confirmationTag());
    Secret commitSecret = created.commitSecret().copy();
    Secret pskSecret = PskSecret.compute(crypto, pskInputs); // §8.4, in proposal order
    EpochTransition transition;
    try {
      transition =
          EpochTransition.run(
              crypto,
              created.groupContext(),
              interimBefore,
              init.exportedSecret(),
              commitSecret,
              pskSecret,
              WireFormat.PUBLIC_MESSAGE,
              framed,
              signature);
    } finally {
      commitSecret.destroy();
      pskSecret.destroy();
      init.exportedSecret().destroy();
      created.destroy();
    }
    transition.destroy();
    AuthenticatedContent signed =
        new AuthenticatedContent(
            WireFormat.PUBLIC_MESSAGE,
            framed,
            FramedContentAuthData.of(signature, transition.confirmationTag));
    MlsMessage message =
        MlsMessage.of(new PublicMessage(signed.content(), signed.auth(), Optional.empty()));
    Epoch next =
        new Epoch(
            transition.context,
            created.tree(),
            transition.interimTranscriptHash(crypto),
            transition.confirmationTag,
            transition.secrets);
    return new ExternalCommit(message, env, next, signer, created.privateKeys());
  }

  /**
   * The leaf fields the joiner's new leaf keeps: its credential and the capabilities the group
   * needs, plus SelfRemove.
   */
  private static LeafNode template(
      CipherSuite suite,
      SignatureKeyPair signer,
      Credential credential,
      List<Extension> groupExtensions)
      throws DecodeException {
    Capabilities own = GroupExtensions.ownCapabilities(groupExtensions);
    List<Integer> credentials = new ArrayList<>(List.of(credential.type().code));
    for (int type : own.credentials()) {
      if (!credentials.contains(type)) {
        credentials.add(type);
      }
    }
    return new LeafNode(
        Bytes.EMPTY,
        signer.publicKey(),
        credential,
        new Capabilities(
            List.of(ProtocolVersion.MLS10.code),
            List.of(suite.id()),
            own.extensions(),
            own.proposals(),
            credentials),
        LeafNodeSource.UPDATE,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Bytes.EMPTY);
  }

  /** The Commit to send to the group, a PublicMessage from a new_member_commit sender. */
  public MlsMessage commit() {
    return commit;
  }

  /** The epoch the Commit leads into. */
  public long epoch() {
    return epoch.number();
  }

  public Bytes epochAuthenticator() {
    return epoch.secrets.epochAuthenticator().insecureAsBytes();
  }

  /**
   * The joiner's state in the new epoch; use it once the group has accepted the Commit.
   *
   * @throws IllegalStateException when already joined or discarded
   */
  public GroupState join() {
    if (done) {
      throw new IllegalStateException("already joined or discarded");
    }
    done = true;
    return GroupState.enter(env, epoch, signer, privateKeys);
  }

  /** Erases the new epoch's secrets when the group did not accept the Commit. */
  public void discard() {
    if (!done) {
      done = true;
      epoch.secrets.destroy();
      privateKeys.destroy();
    }
  }

  @Override
  public String toString() {
    return "ExternalCommit[epoch " + epoch.number() + ", " + Objects.toString(privateKeys) + "]";
  }
}
