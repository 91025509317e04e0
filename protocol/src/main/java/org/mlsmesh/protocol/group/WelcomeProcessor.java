package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.ProtocolVersion;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Welcome;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.TranscriptHashes;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;
import org.mlsmesh.protocol.tree.TreeKem;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * Joining a group from a Welcome (RFC 9420 §12.4.3.1): opens the Welcome, takes the ratchet tree,
 * verifies the GroupInfo's signature and the whole tree, finds this client's leaf, derives its
 * private keys from the path secret, and checks the confirmation tag. The result is a {@link
 * StagedWelcome} to inspect before joining.
 */
public final class WelcomeProcessor {
  private WelcomeProcessor() {}

  /** A further check of a Welcome, on its opened secrets, GroupContext and verified tree. */
  @FunctionalInterface
  interface JoinCheck {
    JoinCheck NONE = (opened, context, tree) -> {};

    void check(OpenedWelcome opened, GroupContext context, RatchetTree tree)
        throws ValidationException;
  }

  /**
   * Stages joining from {@code welcome}.
   *
   * @param keyPackage the KeyPackage the Welcome was sent to
   * @param initPrivateKey the private key of its init_key; stays owned by the caller
   * @param encryptionPrivateKey the private key of its leaf's encryption_key; copied
   * @param signer this client's signature key pair, the one of the KeyPackage's leaf
   * @param tree the ratchet tree, when the GroupInfo does not carry a ratchet_tree extension
   */
  public static StagedWelcome stage(
      GroupEnvironment env,
      Welcome welcome,
      KeyPackage keyPackage,
      Secret initPrivateKey,
      Secret encryptionPrivateKey,
      SignatureKeyPair signer,
      Optional<RatchetTreeNodes> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    return stage(
        env,
        welcome,
        keyPackage,
        initPrivateKey,
        encryptionPrivateKey,
        signer,
        tree,
        env.psks(),
        JoinCheck.NONE,
        nowMillis);
  }

  /** Stages joining with PSKs from {@code psks} and the extra check {@code check}. */
  static StagedWelcome stage(
      GroupEnvironment env,
      Welcome welcome,
      KeyPackage keyPackage,
      Secret initPrivateKey,
      Secret encryptionPrivateKey,
      SignatureKeyPair signer,
      Optional<RatchetTreeNodes> tree,
      PskStore psks,
      JoinCheck check,
      long nowMillis)
      throws DecodeException, ValidationException {
    if (!signer.publicKey().equals(keyPackage.leafNode().signatureKey())) {
      throw new IllegalArgumentException("the signer is not the KeyPackage's");
    }
    OpenedWelcome opened = OpenedWelcome.open(welcome, keyPackage, initPrivateKey, psks);
    try {
      return stage(env, opened, keyPackage, encryptionPrivateKey, signer, tree, check, nowMillis);
    } finally {
      opened.destroy();
    }
  }

  private static StagedWelcome stage(
      GroupEnvironment env,
      OpenedWelcome opened,
      KeyPackage keyPackage,
      Secret encryptionPrivateKey,
      SignatureKeyPair signer,
      Optional<RatchetTreeNodes> supplied,
      JoinCheck check,
      long nowMillis)
      throws DecodeException, ValidationException {
    CipherSuite suite = opened.suite();
    GroupInfo groupInfo = opened.groupInfo();
    GroupContext context = groupInfo.groupContext();
    if (context.cipherSuite() != suite.id() || context.version() != ProtocolVersion.MLS10.code) {
      throw new ValidationException(
          ValidationCode.WELCOME_CIPHER_SUITE_MISMATCH,
          String.format(
              "GroupInfo of version %d and suite 0x%04x",
              context.version(), context.cipherSuite()));
    }
    GroupExtensions.requireDistinctTypes(context.extensions(), "the GroupContext");
    GroupExtensions.requireDistinctTypes(groupInfo.extensions(), "the GroupInfo");
    RatchetTree tree = verifiedTree(env, suite, groupInfo, supplied, nowMillis);
    LeafIndex signerLeaf = groupInfo.signer();

    LeafIndex me = ownLeaf(tree, keyPackage.leafNode());
    GroupExtensions.requireSupported(keyPackage.leafNode(), context.extensions(), "this client");
    ProposalValidator.requireCapabilities(
        keyPackage.leafNode(),
        LeafValidationContext.of(context.groupId(), context.extensions(), nowMillis, false),
        "this client");
    requireReInitOrBranchAtEpochOne(opened, context);
    check.check(opened, context, tree);

    TreePrivateKeys keys = GroupState.leafKeys(suite, me, encryptionPrivateKey);
    if (!keys.publicKey(org.mlsmesh.protocol.tree.NodeIndex.of(me))
        .orElseThrow()
        .equals(keyPackage.leafNode().encryptionKey())) {
      keys.destroy();
      throw new IllegalArgumentException("the encryption private key is not the leaf's");
    }
    if (opened.pathSecret().isPresent()) {
      TreePrivateKeys withPath;
      try {
        withPath =
            TreeKem.applyWelcomePathSecret(tree, signerLeaf, keys, opened.pathSecret().get());
      } finally {
        keys.destroy();
      }
      keys = withPath;
    }
    EpochSecrets secrets;
    try {
      secrets = opened.epochSecrets();
    } catch (ValidationException e) {
      keys.destroy();
      throw e;
    }
    Epoch epoch =
        new Epoch(
            context,
            tree,
            TranscriptHashes.interim(
                suite.crypto(), context.confirmedTranscriptHash(), groupInfo.confirmationTag()),
            groupInfo.confirmationTag(),
            secrets);
    return new StagedWelcome(env, epoch, signer, keys, groupInfo);
  }

  /**
   * RFC 9420 §12.4.3.1: the ratchet tree of a GroupInfo (its ratchet_tree extension, else {@code
   * supplied}), after checking the signer's leaf, the GroupInfo's signature and the whole tree.
   */
  static RatchetTree verifiedTree(
      GroupEnvironment env,
      CipherSuite suite,
      GroupInfo groupInfo,
      Optional<RatchetTreeNodes> supplied,
      long nowMillis)
      throws DecodeException, ValidationException {
    GroupContext context = groupInfo.groupContext();
    Optional<RatchetTreeNodes> nodes = GroupExtensions.ratchetTree(groupInfo.extensions());
    if (nodes.isEmpty()) {
      nodes = supplied;
    }
    if (nodes.isEmpty()) {
      throw new ValidationException(ValidationCode.RATCHET_TREE_MISSING, "");
    }
    RatchetTree tree = RatchetTree.fromNodes(suite, nodes.get());
    LeafIndex signer = groupInfo.signer();
    if (!tree.contains(signer) || tree.leaf(signer).isEmpty()) {
      throw new ValidationException(
          ValidationCode.GROUP_INFO_SIGNATURE_INVALID, signer + " is not a member");
    }
    WelcomeBuilder.verifyGroupInfo(suite, groupInfo, tree.leaf(signer).get().signatureKey());
    tree.validate(
        context.treeHash(),
        new LeafNodeValidator(suite, env.credentials()),
        LeafValidationContext.of(
            context.groupId(),
            context.extensions(),
            nowMillis,
            env.config().checkReceivedLifetimes()));
    return tree;
  }

  /** RFC 9420 §12.4.3.1: the leaf identical to the KeyPackage's leaf node. */
  static LeafIndex ownLeaf(RatchetTree tree, LeafNode leaf) throws ValidationException {
    for (LeafIndex member : tree.members()) {
      if (tree.leaf(member).orElseThrow().equals(leaf)) {
        return member;
      }
    }
    throw new ValidationException(ValidationCode.WELCOME_OWN_LEAF_MISSING, "");
  }

  /** RFC 9420 §12.4.3.1: a reinit or branch resumption PSK starts a group at epoch 1. */
  private static void requireReInitOrBranchAtEpochOne(OpenedWelcome opened, GroupContext context)
      throws ValidationException {
    for (PreSharedKeyId id : opened.psks()) {
      if (id.type() == PreSharedKeyId.PskType.RESUMPTION
          && id.usage() != PreSharedKeyId.ResumptionUsage.APPLICATION
          && context.epoch() != 1) {
        throw new ValidationException(
            ValidationCode.PSK_USAGE_INVALID,
            id.usage() + " PSK in a Welcome to epoch " + context.epoch());
      }
    }
  }
}
