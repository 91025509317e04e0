package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.PreSharedKeyId.ResumptionUsage;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * Starting a group that continues an old one, and joining it (RFC 9420 §11.2 reinitialization,
 * §11.3 subgroup branching): the new group's first Commit adds the members and injects the old
 * group's resumption PSK with usage reinit or branch; a joiner checks that the Welcome carries that
 * PSK and that the new group matches the ReInit, or is a subgroup of the old one.
 */
final class GroupResumption {
  private GroupResumption() {}

  /**
   * Creates the new group {@code groupId} with this client's new leaf (from {@code signer} and
   * {@code credential}) and commits the Adds of {@code members} together with the resumption PSK of
   * {@code old}'s epoch {@code pskEpoch} with {@code usage}.
   */
  static ResumedGroup start(
      GroupState old,
      ResumptionUsage usage,
      long pskEpoch,
      Bytes groupId,
      CipherSuite suite,
      List<Extension> extensions,
      SignatureKeyPair signer,
      Credential credential,
      List<KeyPackage> members,
      long nowMillis)
      throws DecodeException, ValidationException {
    Secret psk =
        old.resumptionPsk(pskEpoch)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the resumption PSK of epoch " + pskEpoch + " is no longer kept"));
    GroupEnvironment env = old.environment();
    // RFC 9420 §11.3: a fresh random psk_nonce of KDF.Nh bytes of the new group's suite.
    Bytes nonce = Bytes.wrap(env.random().randomBytes(suite.hashLength()));
    PreSharedKeyId id = PreSharedKeyId.resumption(usage, old.groupId(), pskEpoch, nonce);
    GroupState fresh =
        GroupState.create(env, suite, groupId, extensions, signer, credential, nowMillis);
    List<Proposal> adds = new ArrayList<>(members.size());
    for (KeyPackage member : members) {
      adds.add(new Add(member));
    }
    CommitResult result;
    try {
      result =
          CommitBuilder.commit(
              fresh,
              CommitOptions.defaults().withProposals(adds),
              Optional.of(new LinkingPsk(id, psk)),
              List.of(),
              nowMillis);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      fresh.destroy();
      throw e;
    }
    GroupState state = result.staged().merge();
    fresh.destroy();
    return new ResumedGroup(state, result.welcome());
  }

  /**
   * Stages joining a group that continues {@code old} with a resumption PSK of {@code usage},
   * checking the Welcome against {@code old} (§11.2, §11.3).
   */
  static StagedWelcome join(
      GroupState old,
      ResumptionUsage usage,
      MlsMessage welcome,
      KeyPackageBundle keyPackage,
      SignatureKeyPair signer,
      Optional<RatchetTree> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    if (welcome.welcome().isEmpty()) {
      throw new ValidationException(
          ValidationCode.WIRE_FORMAT_UNEXPECTED, "expected a Welcome: " + welcome.wireFormat());
    }
    WelcomeProcessor.JoinCheck check =
        (opened, context, newTree) -> {
          requireLinkingPsk(old, usage, opened.psks());
          if (usage == ResumptionUsage.REINIT) {
            requireMatchesReInit(old.pendingReInit().orElseThrow(), context);
          } else {
            requireSubgroup(old, context, newTree);
          }
        };
    return WelcomeProcessor.stage(
        old.environment(),
        welcome.welcome().get(),
        keyPackage.keyPackage(),
        keyPackage.initPrivateKey(),
        keyPackage.encryptionPrivateKey(),
        signer,
        tree.map(RatchetTree::toNodes),
        old::findPsk,
        check,
        nowMillis);
  }

  /**
   * The Welcome names a resumption PSK of {@code usage} of the old group: for reinit the epoch the
   * ReInit was committed into (§11.2), for branch any epoch the old group still keeps (§11.3).
   */
  private static void requireLinkingPsk(
      GroupState old, ResumptionUsage usage, List<PreSharedKeyId> psks) throws ValidationException {
    for (PreSharedKeyId id : psks) {
      if (id.type() == PreSharedKeyId.PskType.RESUMPTION
          && id.usage() != ResumptionUsage.APPLICATION) {
        if (id.usage() != usage) {
          throw new ValidationException(
              ValidationCode.RESUMPTION_PSK_MISMATCH,
              "usage " + id.usage() + ", expected " + usage);
        }
        if (!id.pskGroupId().equals(old.groupId())) {
          throw new ValidationException(
              ValidationCode.RESUMPTION_PSK_MISMATCH, "the PSK is of group " + id.pskGroupId());
        }
        if (usage == ResumptionUsage.REINIT && id.pskEpoch() != old.currentEpoch()) {
          throw new ValidationException(
              ValidationCode.RESUMPTION_PSK_MISMATCH,
              "reinit PSK of epoch "
                  + id.pskEpoch()
                  + ", the ReInit was committed into epoch "
                  + old.currentEpoch());
        }
        return;
      }
    }
    throw new ValidationException(
        ValidationCode.RESUMPTION_PSK_MISMATCH, "the Welcome has no " + usage + " PSK");
  }

  /** RFC 9420 §11.2: version, suite, group_id and extensions are the ReInit's. */
  private static void requireMatchesReInit(ReInit reInit, GroupContext context)
      throws ValidationException {
    if (!context.groupId().equals(reInit.groupId())) {
      throw reInitMismatch("group_id " + context.groupId() + ", the ReInit's " + reInit.groupId());
    }
    if (context.version() != reInit.version()) {
      throw reInitMismatch("version " + context.version() + ", the ReInit's " + reInit.version());
    }
    if (context.cipherSuite() != reInit.cipherSuite()) {
      throw reInitMismatch(
          String.format(
              "cipher suite 0x%04x, the ReInit's 0x%04x",
              context.cipherSuite(), reInit.cipherSuite()));
    }
    if (!context.extensions().equals(reInit.extensions())) {
      throw reInitMismatch("the extensions differ from the ReInit's");
    }
  }

  private static ValidationException reInitMismatch(String detail) {
    return new ValidationException(ValidationCode.REINIT_PARAMETERS_MISMATCH, detail);
  }

  /**
   * RFC 9420 §11.3: the subgroup has the old group's version and suite, and each of its leaves
   * matches a member of the old group (here: an identical credential).
   */
  private static void requireSubgroup(GroupState old, GroupContext context, RatchetTree tree)
      throws ValidationException {
    GroupContext oldContext = old.groupContext();
    if (context.version() != oldContext.version()
        || context.cipherSuite() != oldContext.cipherSuite()) {
      throw new ValidationException(
          ValidationCode.BRANCH_PARAMETERS_MISMATCH,
          String.format(
              "version %d and suite 0x%04x, the old group's %d and 0x%04x",
              context.version(),
              context.cipherSuite(),
              oldContext.version(),
              oldContext.cipherSuite()));
    }
    List<Credential> oldMembers = new ArrayList<>();
    for (Member member : old.members()) {
      oldMembers.add(member.leafNode().credential());
    }
    for (LeafIndex leaf : tree.members()) {
      Credential credential = tree.leaf(leaf).orElseThrow().credential();
      if (!oldMembers.contains(credential)) {
        throw new ValidationException(
            ValidationCode.BRANCH_MEMBER_UNKNOWN, leaf + "'s credential is not in the old group");
      }
    }
  }
}
