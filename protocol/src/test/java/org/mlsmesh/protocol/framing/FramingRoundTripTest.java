package org.mlsmesh.protocol.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.message.WireSamples.bytes;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.WireSamples;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Constructed framing structs survive encode/decode unchanged (RFC 9420 §6). */
class FramingRoundTripTest {
  static final Bytes GROUP = bytes("6770");

  static <T extends Encodable> T roundTrip(T value, TlsReader.Decoder<T> decoder)
      throws DecodeException {
    Bytes encoded = value.encoded();
    T decoded = TlsReader.decodeAll(encoded, decoder);
    assertThat(decoded).isEqualTo(value);
    assertThat(decoded.encoded()).isEqualTo(encoded);
    return decoded;
  }

  static FramedContent content(Sender sender, Content content) {
    return new FramedContent(GROUP, 9, sender, bytes("ad"), content);
  }

  static List<Sender> senders() {
    return List.of(
        Sender.member(LeafIndex.of(4)),
        Sender.external(0xffffffffL),
        Sender.newMemberProposal(),
        Sender.newMemberCommit());
  }

  static List<Content> contents() {
    return List.of(
        Content.application(bytes("68656c6c6f")),
        Content.proposal(new Remove(LeafIndex.of(1))),
        Content.commit(WireSamples.commit()));
  }

  static FramedContentAuthData auth(ContentType type) {
    return type == ContentType.COMMIT
        ? FramedContentAuthData.of(bytes("5167"), bytes("c0ffee"))
        : FramedContentAuthData.of(bytes("5167"));
  }

  @Test
  void sendersAndTheirEncodings() throws DecodeException {
    for (Sender sender : senders()) {
      roundTrip(sender, Sender::decode);
    }
    assertThat(Sender.member(LeafIndex.of(4)).encoded().toHex()).isEqualTo("0100000004");
    assertThat(Sender.external(2).encoded().toHex()).isEqualTo("0200000002");
    assertThat(Sender.newMemberProposal().encoded().toHex()).isEqualTo("03");
    assertThat(Sender.newMemberCommit().encoded().toHex()).isEqualTo("04");
  }

  @Test
  void framedAndAuthenticatedContentOfEveryTypeAndSender() throws DecodeException {
    for (Sender sender : senders()) {
      for (Content body : contents()) {
        FramedContent framed = roundTrip(content(sender, body), FramedContent::decode);
        roundTrip(
            new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, framed, auth(framed.contentType())),
            AuthenticatedContent::decode);
      }
    }
  }

  @Test
  void authDataCarriesAConfirmationTagForCommitsOnly() {
    FramedContent commit = content(Sender.member(LeafIndex.of(0)), contents().get(2));
    assertThatThrownBy(
            () ->
                new AuthenticatedContent(
                    WireFormat.PUBLIC_MESSAGE, commit, FramedContentAuthData.of(bytes("01"))))
        .isInstanceOf(IllegalArgumentException.class);
    FramedContent application = content(Sender.member(LeafIndex.of(0)), contents().get(0));
    assertThatThrownBy(
            () ->
                new PublicMessage(
                    application,
                    FramedContentAuthData.of(bytes("01"), bytes("02")),
                    Optional.of(bytes("03"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publicMessagesCarryAMembershipTagForMembersOnly() throws DecodeException {
    for (Sender sender : senders()) {
      for (Content body : contents()) {
        boolean member = sender.kind() == Sender.Kind.MEMBER;
        PublicMessage message =
            new PublicMessage(
                content(sender, body),
                auth(body.contentType()),
                member ? Optional.of(bytes("7a67")) : Optional.empty());
        roundTrip(message, PublicMessage::decode);
        roundTrip(MlsMessage.of(message), MlsMessage::decode);
        assertThat(message.authenticatedContent().wireFormat())
            .isEqualTo(WireFormat.PUBLIC_MESSAGE);
      }
    }
    assertThatThrownBy(
            () ->
                new PublicMessage(
                    content(Sender.newMemberProposal(), contents().get(1)),
                    auth(ContentType.PROPOSAL),
                    Optional.of(bytes("7a67"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mlsMessagesOfEveryWireFormat() throws DecodeException {
    PrivateMessage privateMessage =
        new PrivateMessage(
            GROUP, 3, ContentType.APPLICATION, bytes("ad"), bytes("e5"), bytes("c7"));
    List<MlsMessage> messages =
        List.of(
            MlsMessage.of(
                new PublicMessage(
                    content(Sender.newMemberCommit(), contents().get(2)),
                    auth(ContentType.COMMIT),
                    Optional.empty())),
            MlsMessage.of(privateMessage),
            MlsMessage.of(WireSamples.welcome()),
            MlsMessage.of(WireSamples.groupInfo()),
            MlsMessage.of(WireSamples.keyPackage()));
    for (MlsMessage message : messages) {
      MlsMessage decoded = roundTrip(message, MlsMessage::decode);
      assertThat(decoded.encoded().slice(0, 4).toHex())
          .isEqualTo(String.format("0001%04x", message.wireFormat().code));
    }
    assertThat(messages.get(1).privateMessage()).contains(privateMessage);
    assertThat(messages.get(1).welcome()).isEmpty();
    assertThat(messages.get(2).welcome()).contains(WireSamples.welcome());
    assertThat(messages.get(3).groupInfo()).contains(WireSamples.groupInfo());
    assertThat(messages.get(4).keyPackage()).contains(WireSamples.keyPackage());
    assertThat(messages.get(0).publicMessage()).isPresent();
  }

  @Test
  void privateMessageAndItsAads() throws DecodeException {
    PrivateMessage message =
        new PrivateMessage(GROUP, 3, ContentType.COMMIT, bytes("ad"), bytes("e5"), bytes("c7"));
    roundTrip(message, PrivateMessage::decode);
    assertThat(message.senderDataAad().encoded().toHex())
        .isEqualTo("026770" + "0000000000000003" + "03");
    assertThat(message.contentAad().encoded().toHex())
        .isEqualTo("026770" + "0000000000000003" + "03" + "01ad");
  }

  @Test
  void privateMessageContentWithPadding() throws DecodeException {
    for (Content body : contents()) {
      for (int padding : new int[] {0, 1, 17}) {
        PrivateMessageContent value =
            new PrivateMessageContent(body, auth(body.contentType()), padding);
        Bytes encoded = value.encoded();
        PrivateMessageContent decoded =
            TlsReader.decodeAll(encoded, r -> PrivateMessageContent.decode(r, body.contentType()));
        assertThat(decoded).isEqualTo(value);
        assertThat(decoded.encoded()).isEqualTo(encoded);
      }
    }
  }

  @Test
  void senderData() throws DecodeException {
    SenderData data = new SenderData(LeafIndex.of(7), 0xffffffffL, bytes("01020304"));
    roundTrip(data, SenderData::decode);
    assertThat(data.encoded().toHex()).isEqualTo("00000007" + "ffffffff" + "01020304");
    assertThatThrownBy(() -> new SenderData(LeafIndex.of(0), 0, bytes("010203")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tbsIncludesTheGroupContextForMemberAndNewMemberCommitSenders() {
    GroupContext context = WireSamples.groupContext();
    for (Sender sender : senders()) {
      FramedContent framed = content(sender, contents().get(0));
      FramedContentTbs tbs = FramedContentTbs.of(WireFormat.PRIVATE_MESSAGE, framed, context);
      Bytes prefix = Bytes.concat(bytes("00010002"), framed.encoded());
      boolean withContext =
          sender.kind() == Sender.Kind.MEMBER || sender.kind() == Sender.Kind.NEW_MEMBER_COMMIT;
      assertThat(tbs.encoded())
          .isEqualTo(withContext ? Bytes.concat(prefix, context.encoded()) : prefix);
      assertThatThrownBy(
              () ->
                  new FramedContentTbs(
                      WireFormat.PRIVATE_MESSAGE,
                      framed,
                      withContext ? Optional.empty() : Optional.of(context)))
          .isInstanceOf(IllegalArgumentException.class);

      FramedContentAuthData auth = auth(ContentType.APPLICATION);
      assertThat(new AuthenticatedContentTbm(tbs, auth).encoded())
          .isEqualTo(Bytes.concat(tbs.encoded(), auth.encoded()));
    }
  }
}
