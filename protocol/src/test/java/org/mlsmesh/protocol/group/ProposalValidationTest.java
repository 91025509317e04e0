package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalInit;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.Update;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * Rejection of Commits whose proposal list breaks RFC 9420 §12.1 or §12.2. The Commits are forged
 * by member 0 (validly signed and tagged) and rejected by member 1 before the confirmation tag is
 * even looked at; the committer's own validation rejects the same lists.
 */
class ProposalValidationTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final Bytes PSK_ID = Bytes.of(new byte[] {'p'});

  private Clients clients;
  private Clients.Group group;

  @BeforeEach
  void setUp() throws Exception {
    clients = new Clients(SUITE, 9, GroupConfig.DEFAULT.withEncryptHandshake(false));
    clients.env =
        clients.env.withPsks(PskStore.external(Map.of(PSK_ID, Secret.of(new byte[] {1}))));
    group = clients.group(3);
  }

  private void assertRejected(ValidationCode code, Proposal... proposals) {
    List<ProposalOrRef> covered = new ArrayList<>();
    for (Proposal p : proposals) {
      covered.add(ProposalOrRef.byValue(p));
    }
    assertRejected(code, new Commit(covered, Optional.empty()));
    assertThatThrownBy(
            () ->
                group
                    .get(0)
                    .commit(
                        CommitOptions.defaults().withProposals(List.of(proposals)), Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private void assertRejected(ValidationCode code, Commit commit) {
    MlsMessage forged = Forge.commit(group.get(0), commit);
    assertThatThrownBy(() -> group.get(1).process(forged, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private LeafIndex leaf(int member) {
    return group.get(member).ownLeaf();
  }

  private Bytes nonce() {
    return Bytes.wrap(new byte[SUITE.hashLength()]);
  }

  @Test
  @Covers(ValidationCode.PROPOSAL_REF_UNKNOWN)
  void referenceToAnUnknownProposal() {
    assertRejected(
        ValidationCode.PROPOSAL_REF_UNKNOWN,
        new Commit(List.of(ProposalOrRef.byReference(Bytes.wrap(new byte[32]))), Optional.empty()));
  }

  @Test
  @Covers(ValidationCode.REMOVE_TARGET_NOT_MEMBER)
  void removeOfABlankLeaf() throws Exception {
    assertRejected(ValidationCode.REMOVE_TARGET_NOT_MEMBER, new Remove(LeafIndex.of(3)));
    assertThatThrownBy(() -> group.get(0).proposeRemove(LeafIndex.of(9)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  @Covers(ValidationCode.PSK_NONCE_LENGTH_INVALID)
  void pskNonceOfTheWrongLength() {
    assertRejected(
        ValidationCode.PSK_NONCE_LENGTH_INVALID,
        new PreSharedKey(PreSharedKeyId.external(PSK_ID, Bytes.of(new byte[] {1}))));
  }

  @Test
  @Covers(ValidationCode.PSK_USAGE_INVALID)
  void reinitResumptionPskInARegularCommit() {
    assertRejected(
        ValidationCode.PSK_USAGE_INVALID,
        new PreSharedKey(
            PreSharedKeyId.resumption(
                PreSharedKeyId.ResumptionUsage.REINIT, group.get(0).groupId(), 0, nonce())));
  }

  @Test
  @Covers(ValidationCode.PSK_UNAVAILABLE)
  void unknownPsk() {
    assertRejected(
        ValidationCode.PSK_UNAVAILABLE,
        new PreSharedKey(PreSharedKeyId.external(Bytes.of(new byte[] {'?'}), nonce())));
  }

  @Test
  @Covers(ValidationCode.REINIT_VERSION_DOWNGRADE)
  void reinitToAnOlderVersion() {
    assertRejected(
        ValidationCode.REINIT_VERSION_DOWNGRADE,
        new ReInit(group.get(0).groupId(), 0, SUITE.id(), List.of()));
  }

  @Test
  @Covers(ValidationCode.EXTERNAL_INIT_NOT_ALLOWED)
  void externalInitInARegularCommit() {
    assertRejected(
        ValidationCode.EXTERNAL_INIT_NOT_ALLOWED, new ExternalInit(Bytes.of(new byte[32])));
  }

  @Test
  @Covers(ValidationCode.GROUP_CONTEXT_EXTENSION_UNSUPPORTED)
  void extensionTheMembersDoNotSupport() {
    assertRejected(
        ValidationCode.GROUP_CONTEXT_EXTENSION_UNSUPPORTED,
        new GroupContextExtensions(List.of(new Extension(0xff00, Bytes.EMPTY))));
  }

  @Test
  @Covers(ValidationCode.COMMITTER_UPDATE_INCLUDED)
  void committersOwnUpdate() {
    assertRejected(
        ValidationCode.COMMITTER_UPDATE_INCLUDED,
        new Update(group.get(0).tree().leaf(leaf(0)).orElseThrow()));
  }

  @Test
  @Covers(ValidationCode.COMMITTER_REMOVED)
  void committerRemovesItself() {
    assertRejected(ValidationCode.COMMITTER_REMOVED, new Remove(leaf(0)));
  }

  @Test
  @Covers(ValidationCode.LEAF_CHANGED_TWICE)
  void twoRemovesOfOneLeaf() {
    assertRejected(ValidationCode.LEAF_CHANGED_TWICE, new Remove(leaf(2)), new Remove(leaf(2)));
  }

  @Test
  @Covers(ValidationCode.ADD_DUPLICATE)
  void sameClientAddedTwice() {
    KeyPackageBundle bundle = clients.keyPackage(clients.identity("twice"));
    assertRejected(
        ValidationCode.ADD_DUPLICATE, new Add(bundle.keyPackage()), new Add(bundle.keyPackage()));
  }

  @Test
  @Covers(ValidationCode.ADD_ALREADY_MEMBER)
  void memberAddedAgain() {
    KeyPackageBundle again = clients.keyPackage(group.identities.get(1));
    assertRejected(ValidationCode.ADD_ALREADY_MEMBER, new Add(again.keyPackage()));
  }

  @Test
  @Covers(ValidationCode.PSK_DUPLICATE)
  void samePskTwice() {
    PreSharedKey psk = new PreSharedKey(PreSharedKeyId.external(PSK_ID, nonce()));
    assertRejected(ValidationCode.PSK_DUPLICATE, psk, psk);
  }

  @Test
  @Covers(ValidationCode.GROUP_CONTEXT_EXTENSIONS_DUPLICATE)
  void twoGroupContextExtensions() {
    GroupContextExtensions none = new GroupContextExtensions(List.of());
    assertRejected(ValidationCode.GROUP_CONTEXT_EXTENSIONS_DUPLICATE, none, none);
  }

  @Test
  @Covers(ValidationCode.REINIT_NOT_ALONE)
  void reinitWithARemove() {
    assertRejected(
        ValidationCode.REINIT_NOT_ALONE,
        new ReInit(group.get(0).groupId(), 1, SUITE.id(), List.of()),
        new Remove(leaf(2)));
  }

  @Test
  @Covers(ValidationCode.EXTENSION_TYPE_DUPLICATE)
  void extensionListWithARepeatedType() {
    Extension id = new Extension(Extension.APPLICATION_ID, Bytes.EMPTY);
    assertRejected(
        ValidationCode.EXTENSION_TYPE_DUPLICATE, new GroupContextExtensions(List.of(id, id)));
  }

  @Test
  @Covers({
    ValidationCode.EXTERNAL_COMMIT_PROPOSAL_INVALID,
    ValidationCode.EXTERNAL_INIT_NOT_ALLOWED
  })
  void externalCommitWithAnAdd() {
    Clients.Identity joiner = clients.identity("joiner");
    KeyPackageBundle bundle = clients.keyPackage(joiner);
    GroupState state = group.get(0);
    UpdatePath path = new UpdatePath(bundle.keyPackage().leafNode(), List.of());
    MlsMessage withAdd =
        externalCommit(
            state,
            joiner,
            path,
            ProposalOrRef.byValue(new ExternalInit(Bytes.of(new byte[32]))),
            ProposalOrRef.byValue(new Add(clients.keyPackage(clients.identity("y")).keyPackage())));
    assertThatThrownBy(() -> group.get(1).process(withAdd, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.EXTERNAL_COMMIT_PROPOSAL_INVALID));
    MlsMessage withoutInit = externalCommit(state, joiner, path);
    assertThatThrownBy(() -> group.get(1).process(withoutInit, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.EXTERNAL_INIT_NOT_ALLOWED));
  }

  private static MlsMessage externalCommit(
      GroupState state, Clients.Identity joiner, UpdatePath path, ProposalOrRef... proposals) {
    FramedContent content =
        Forge.framed(
            state,
            Sender.newMemberCommit(),
            Content.commit(new Commit(List.of(proposals), Optional.of(path))));
    return Forge.publicMessage(
        state, content, joiner.signer().privateKey(), Optional.of(Bytes.wrap(new byte[32])));
  }
}
