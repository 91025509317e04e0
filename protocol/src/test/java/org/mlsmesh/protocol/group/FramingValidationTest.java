package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Rejection of messages that break the framing and authentication rules (RFC 9420 §6). */
class FramingValidationTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;

  private Clients clients;
  private Clients.Group group;

  @BeforeEach
  void setUp() throws Exception {
    clients = new Clients(SUITE, 5, GroupConfig.DEFAULT.withEncryptHandshake(false));
    group = clients.group(3);
  }

  private void assertRejected(int receiver, MlsMessage message, ValidationCode code) {
    assertThatThrownBy(() -> group.get(receiver).process(message, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private Remove removeOf(int member) {
    return new Remove(group.get(member).ownLeaf());
  }

  @Test
  @Covers(ValidationCode.WIRE_FORMAT_UNEXPECTED)
  void keyPackageIsNotAGroupMessage() {
    MlsMessage keyPackage = MlsMessage.of(clients.keyPackage(clients.identity("x")).keyPackage());
    assertRejected(1, keyPackage, ValidationCode.WIRE_FORMAT_UNEXPECTED);
  }

  @Test
  @Covers(ValidationCode.WRONG_GROUP_ID)
  void messageOfAnotherGroup() {
    GroupState sender = group.get(0);
    FramedContent content =
        new FramedContent(
            Bytes.of(new byte[] {9}),
            sender.currentEpoch(),
            Sender.member(sender.ownLeaf()),
            Bytes.EMPTY,
            Content.proposal(removeOf(2)));
    MlsMessage message =
        Forge.publicMessage(sender, content, sender.signer().privateKey(), Optional.empty());
    assertRejected(1, message, ValidationCode.WRONG_GROUP_ID);
  }

  @Test
  @Covers(ValidationCode.WRONG_EPOCH)
  void proposalOfAPastEpoch() throws Exception {
    MlsMessage old = group.get(0).proposeRemove(group.get(2).ownLeaf());
    group.get(0).proposalStore().destroy();
    group.commit(1, CommitOptions.defaults().withIncludePending(false));
    assertRejected(2, old, ValidationCode.WRONG_EPOCH);
  }

  @Test
  @Covers(ValidationCode.MEMBERSHIP_TAG_INVALID)
  void brokenMembershipTag() throws Exception {
    MlsMessage message = group.get(0).proposeRemove(group.get(2).ownLeaf());
    assertRejected(
        1, Forge.withBrokenMembershipTag(message), ValidationCode.MEMBERSHIP_TAG_INVALID);
  }

  @Test
  @Covers(ValidationCode.SIGNATURE_INVALID)
  void signedWithAnotherKey() {
    GroupState sender = group.get(0);
    MlsMessage message =
        Forge.publicMessage(
            sender,
            Forge.framed(sender, Sender.member(sender.ownLeaf()), Content.proposal(removeOf(2))),
            group.get(2).signer().privateKey(),
            Optional.empty());
    assertRejected(1, message, ValidationCode.SIGNATURE_INVALID);
  }

  @Test
  @Covers(ValidationCode.DECRYPTION_FAILED)
  void tamperedPrivateMessage() {
    PrivateMessage original =
        group.get(0).encrypt(Bytes.of(new byte[] {1}), Bytes.EMPTY, 0).privateMessage().get();
    byte[] ciphertext = original.ciphertext().toByteArray();
    ciphertext[ciphertext.length - 1] ^= 1;
    MlsMessage tampered =
        MlsMessage.of(
            new PrivateMessage(
                original.groupId(),
                original.epoch(),
                original.contentType(),
                original.authenticatedData(),
                original.encryptedSenderData(),
                Bytes.wrap(ciphertext)));
    assertRejected(1, tampered, ValidationCode.DECRYPTION_FAILED);
  }

  @Test
  @Covers(ValidationCode.SENDER_NOT_MEMBER)
  void senderLeafIsBlank() {
    GroupState sender = group.get(0);
    MlsMessage message =
        Forge.publicMessage(
            sender,
            Forge.framed(sender, Sender.member(LeafIndex.of(3)), Content.proposal(removeOf(2))),
            sender.signer().privateKey(),
            Optional.empty());
    assertRejected(1, message, ValidationCode.SENDER_NOT_MEMBER);
  }

  @Test
  @Covers(ValidationCode.APPLICATION_MESSAGE_NOT_ENCRYPTED)
  void applicationDataInAPublicMessage() {
    GroupState sender = group.get(0);
    MlsMessage message =
        Forge.publicMessage(
            sender,
            Forge.framed(
                sender,
                Sender.member(sender.ownLeaf()),
                Content.application(Bytes.of(new byte[] {1}))),
            sender.signer().privateKey(),
            Optional.empty());
    assertRejected(1, message, ValidationCode.APPLICATION_MESSAGE_NOT_ENCRYPTED);
  }

  @Test
  @Covers(ValidationCode.MESSAGE_KEY_UNAVAILABLE)
  void replayedApplicationMessage() throws Exception {
    MlsMessage message = group.get(0).encrypt(Bytes.of(new byte[] {1}), Bytes.EMPTY, 0);
    assertThat(group.get(1).process(message, Clients.NOW))
        .isInstanceOf(Processed.Application.class);
    assertRejected(1, message, ValidationCode.MESSAGE_KEY_UNAVAILABLE);
  }

  @Test
  @Covers(ValidationCode.SENDER_CONTENT_MISMATCH)
  void externalSenderMaySendOnlySomeProposals() {
    GroupState sender = group.get(0);
    MlsMessage commit =
        Forge.publicMessage(
            sender,
            Forge.framed(
                sender,
                Sender.external(0),
                Content.commit(new Commit(List.of(), Optional.empty()))),
            sender.signer().privateKey(),
            Optional.of(Bytes.wrap(new byte[32])));
    assertRejected(1, commit, ValidationCode.SENDER_CONTENT_MISMATCH);
    MlsMessage remove =
        Forge.publicMessage(
            sender,
            Forge.framed(sender, Sender.newMemberProposal(), Content.proposal(removeOf(2))),
            sender.signer().privateKey(),
            Optional.empty());
    assertRejected(1, remove, ValidationCode.SENDER_CONTENT_MISMATCH);
  }

  @Test
  @Covers(ValidationCode.EXTERNAL_SENDER_UNKNOWN)
  void externalSenderWithoutExtension() {
    GroupState sender = group.get(0);
    MlsMessage message =
        Forge.publicMessage(
            sender,
            Forge.framed(sender, Sender.external(0), Content.proposal(removeOf(2))),
            sender.signer().privateKey(),
            Optional.empty());
    assertRejected(1, message, ValidationCode.EXTERNAL_SENDER_UNKNOWN);
  }
}
