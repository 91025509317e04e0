package org.mlsmesh.node.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.group.GroupTopicCode;
import org.mlsmesh.consensus.group.GroupTopicException;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.Verdict;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.framing.ContentType;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.tree.LeafIndex;

class GroupTopicValidatorTest {
  private static final Bytes GROUP = Bytes.fromHex("0a0b0c0d");
  private static final Bytes OTHER_GROUP = Bytes.fromHex("0a0b0c0e");
  private static final String TOPIC = GroupWire.topic(GROUP);
  private static final Bytes HEADER = new MeshHeader(EpochId.of(Bytes.fromHex("77"))).encode();

  private final GroupTopicValidator validator = new GroupTopicValidator();

  private static Bytes privateMessage(Bytes groupId, ContentType type, Bytes authenticatedData) {
    return MlsMessage.of(
            new PrivateMessage(
                groupId, 3, type, authenticatedData, Bytes.fromHex("0102"), Bytes.fromHex("0304")))
        .encoded();
  }

  /** RFC 9420 §6: a PublicMessage from member 0, written field by field. */
  private static Bytes publicMessage(ContentType type) {
    TlsWriter w =
        new TlsWriter()
            .u16(1) // mls10
            .u16(1) // mls_public_message
            .vlBytes(GROUP)
            .u64(3)
            .u8(1) // sender: member
            .u32(0)
            .vlBytes(HEADER)
            .u8(type.code());
    if (type == ContentType.APPLICATION) {
      w.vlBytes(Bytes.fromHex("68656c6c6f"));
    } else {
      w.vlBytes(Bytes.EMPTY).u8(0); // Commit: no proposals, no path
    }
    w.vlBytes(new byte[64]); // signature
    if (type == ContentType.COMMIT) {
      w.vlBytes(new byte[32]); // confirmation_tag
    }
    w.vlBytes(new byte[32]); // membership_tag
    return w.toBytes();
  }

  private static Bytes beacon(Bytes groupId) {
    return new ConsensusMessage.SignedBeacon(
            groupId,
            new Beacon(new LeafIndex(1), 4, EpochId.of(Bytes.fromHex("77")), List.of()),
            Bytes.of(new byte[64]))
        .encode();
  }

  private Verdict verdict(String topic, byte tag, Bytes body) {
    return validator.validate(
        topic,
        MessageId.ofPayload(new byte[] {1}),
        ByteString.copyFrom(GroupWire.frame(tag, body).toByteArray()),
        PeerId.fromBytes(new byte[PeerId.LENGTH]));
  }

  private static void assertBreaks(GroupTopicCode code, ByteString payload) {
    assertThatThrownBy(() -> GroupTopicValidator.check(TOPIC, payload))
        .isInstanceOf(GroupTopicException.class)
        .satisfies(e -> assertThat(((GroupTopicException) e).code()).isEqualTo(code));
  }

  private static void assertBreaks(GroupTopicCode code, byte tag, Bytes body) {
    assertBreaks(code, ByteString.copyFrom(GroupWire.frame(tag, body).toByteArray()));
  }

  @Test
  void wellFormedGroupMessagesPass() {
    assertThat(verdict(TOPIC, GroupWire.COMMIT, privateMessage(GROUP, ContentType.COMMIT, HEADER)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(verdict(TOPIC, GroupWire.COMMIT, publicMessage(ContentType.COMMIT)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(
            verdict(
                TOPIC,
                GroupWire.APPLICATION,
                privateMessage(GROUP, ContentType.APPLICATION, HEADER)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(
            verdict(TOPIC, GroupWire.PROPOSAL, privateMessage(GROUP, ContentType.PROPOSAL, HEADER)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(verdict(TOPIC, GroupWire.BEACON, beacon(GROUP))).isEqualTo(Verdict.ACCEPT);
  }

  @Test
  void otherTopicsAreNotJudged() {
    assertThat(verdict("mlsmesh/directory", (byte) 0x7f, Bytes.fromHex("00")))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(GroupTopicValidator.isGroupTopic(TOPIC)).isTrue();
    assertThat(GroupTopicValidator.isGroupTopic("mlsmesh/directory")).isFalse();
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.TAG_UNKNOWN)
  void anUnknownTagOrAnEmptyPayloadIsRejected() {
    assertBreaks(
        GroupTopicCode.TAG_UNKNOWN, (byte) 0x7f, privateMessage(GROUP, ContentType.COMMIT, HEADER));
    assertBreaks(GroupTopicCode.TAG_UNKNOWN, ByteString.EMPTY);
    assertThat(verdict(TOPIC, (byte) 0x7f, privateMessage(GROUP, ContentType.COMMIT, HEADER)))
        .isEqualTo(Verdict.REJECT);
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.MLS_MESSAGE_MALFORMED)
  void anMlsMessageThatDoesNotDecodeStrictlyIsRejected() {
    Bytes good = privateMessage(GROUP, ContentType.COMMIT, HEADER);
    assertBreaks(GroupTopicCode.MLS_MESSAGE_MALFORMED, GroupWire.COMMIT, Bytes.fromHex("0001ff"));
    assertBreaks(
        GroupTopicCode.MLS_MESSAGE_MALFORMED,
        GroupWire.COMMIT,
        Bytes.concat(good, Bytes.fromHex("00")));
    assertBreaks(
        GroupTopicCode.MLS_MESSAGE_MALFORMED,
        GroupWire.APPLICATION,
        good.slice(0, good.length() - 1));
    assertThat(verdict(TOPIC, GroupWire.COMMIT, Bytes.fromHex("0001ff"))).isEqualTo(Verdict.REJECT);
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.WIRE_FORMAT_UNEXPECTED)
  void anUnencryptedApplicationMessageIsRejected() {
    assertBreaks(
        GroupTopicCode.WIRE_FORMAT_UNEXPECTED,
        GroupWire.APPLICATION,
        publicMessage(ContentType.APPLICATION));
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.CONTENT_TYPE_MISMATCH)
  void aContentTypeOtherThanTheTagsIsRejected() {
    assertBreaks(
        GroupTopicCode.CONTENT_TYPE_MISMATCH,
        GroupWire.COMMIT,
        privateMessage(GROUP, ContentType.APPLICATION, HEADER));
    assertBreaks(
        GroupTopicCode.CONTENT_TYPE_MISMATCH,
        GroupWire.PROPOSAL,
        privateMessage(GROUP, ContentType.COMMIT, HEADER));
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.GROUP_MISMATCH)
  void aMessageOfAnotherGroupIsRejected() {
    assertBreaks(
        GroupTopicCode.GROUP_MISMATCH,
        GroupWire.APPLICATION,
        privateMessage(OTHER_GROUP, ContentType.APPLICATION, HEADER));
    assertBreaks(GroupTopicCode.GROUP_MISMATCH, GroupWire.BEACON, beacon(OTHER_GROUP));
    assertThat(
            verdict(
                GroupWire.topic(OTHER_GROUP),
                GroupWire.COMMIT,
                privateMessage(GROUP, ContentType.COMMIT, HEADER)))
        .isEqualTo(Verdict.REJECT);
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.MESH_HEADER_MALFORMED)
  void aMessageWithoutAMeshHeaderIsRejected() {
    assertBreaks(
        GroupTopicCode.MESH_HEADER_MALFORMED,
        GroupWire.COMMIT,
        privateMessage(GROUP, ContentType.COMMIT, Bytes.EMPTY));
    assertBreaks(
        GroupTopicCode.MESH_HEADER_MALFORMED,
        GroupWire.APPLICATION,
        privateMessage(GROUP, ContentType.APPLICATION, Bytes.fromHex("ff0177")));
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.BEACON_MALFORMED)
  void aBeaconThatDoesNotDecodeOrIsAPullIsRejected() {
    assertBreaks(GroupTopicCode.BEACON_MALFORMED, GroupWire.BEACON, Bytes.fromHex("00ff00"));
    Bytes pull = new ConsensusMessage.RecordsPull(GROUP, new LeafIndex(0), 2).encode();
    assertBreaks(GroupTopicCode.BEACON_MALFORMED, GroupWire.BEACON, pull);
    Bytes beacon = beacon(GROUP);
    assertBreaks(
        GroupTopicCode.BEACON_MALFORMED,
        GroupWire.BEACON,
        Bytes.concat(beacon, Bytes.fromHex("00")));
  }

  private static void assertDirectBreaks(GroupTopicCode code, Bytes payload) {
    assertThatThrownBy(() -> GroupWire.parseDirect(GROUP, payload))
        .isInstanceOf(GroupTopicException.class)
        .satisfies(e -> assertThat(((GroupTopicException) e).code()).isEqualTo(code));
  }

  @Test
  @GroupTopicCovers(GroupTopicCode.DIRECT_MALFORMED)
  void directMessagesOfTheGroupWireThatDoNotDecodeAreRefused() throws Exception {
    byte channel = GroupWire.CONSENSUS_CHANNEL;
    assertDirectBreaks(GroupTopicCode.DIRECT_MALFORMED, Bytes.of(new byte[] {channel}));
    assertDirectBreaks(GroupTopicCode.DIRECT_MALFORMED, Bytes.of(new byte[] {channel, 9}));
    assertDirectBreaks(GroupTopicCode.DIRECT_MALFORMED, Bytes.of(new byte[] {channel, 2, 5, 1}));
    assertThatThrownBy(() -> GroupWire.directGroup(Bytes.of(new byte[] {channel, 3, 9})))
        .isInstanceOf(GroupTopicException.class)
        .satisfies(
            e ->
                assertThat(((GroupTopicException) e).code())
                    .isEqualTo(GroupTopicCode.DIRECT_MALFORMED));
    // Well-formed, but about another group than the one it is routed to.
    Bytes commit = privateMessage(OTHER_GROUP, ContentType.COMMIT, HEADER);
    assertDirectBreaks(GroupTopicCode.GROUP_MISMATCH, GroupWire.pulledCommit(OTHER_GROUP, commit));
    assertDirectBreaks(GroupTopicCode.GROUP_MISMATCH, GroupWire.welcomeAck(OTHER_GROUP));
    // A Welcome channel that carries no Welcome; a Welcome frame cut short, or with bytes after it.
    Bytes notAWelcome = privateMessage(GROUP, ContentType.COMMIT, HEADER);
    assertDirectBreaks(
        GroupTopicCode.WIRE_FORMAT_UNEXPECTED, GroupWire.welcome(notAWelcome, Optional.empty()));
    Bytes frame = GroupWire.welcome(notAWelcome, Optional.empty());
    assertDirectBreaks(GroupTopicCode.DIRECT_MALFORMED, frame.slice(0, frame.length() - 1));
    assertDirectBreaks(GroupTopicCode.DIRECT_MALFORMED, Bytes.concat(frame, Bytes.fromHex("00")));
    // And the well-formed ones parse.
    assertThat(GroupWire.parseDirect(GROUP, GroupWire.welcomeAck(GROUP)))
        .isEqualTo(new org.mlsmesh.consensus.group.GroupFrame.WelcomeAck(GROUP));
    assertThat(GroupWire.directGroup(GroupWire.groupInfoRequest(GROUP))).contains(GROUP);
  }
}
