package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;

/** The group's policy on the wire formats of members' handshake messages (RFC 9420 §6). */
class WireFormatPolicyTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients.Group group(boolean encrypt, HandshakeWireFormats accepted)
      throws Exception {
    return new Clients(
            SUITE,
            43,
            GroupConfig.DEFAULT.withEncryptHandshake(encrypt).withIncomingHandshake(accepted))
        .group(3);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void theDefaultAcceptsBothFramedFormats(WireFormat format) {
    boolean framed = format == WireFormat.PUBLIC_MESSAGE || format == WireFormat.PRIVATE_MESSAGE;
    assertThat(GroupConfig.DEFAULT.incomingHandshake().accepts(format)).isEqualTo(framed);
  }

  @Test
  void acceptedFormatsFlowAndApplicationDataIsAlwaysPrivate() throws Exception {
    for (boolean encrypt : new boolean[] {true, false}) {
      Clients.Group group =
          group(
              encrypt,
              encrypt ? HandshakeWireFormats.PRIVATE_ONLY : HandshakeWireFormats.PUBLIC_ONLY);
      group.broadcast(1, group.get(1).proposeUpdate(Clients.NOW));
      group.commit(0, CommitOptions.defaults());
      group.assertInSync();
      MlsMessage data = group.get(0).encrypt(Bytes.of(new byte[] {1}), Bytes.EMPTY, 0);
      assertThat(data.wireFormat()).isEqualTo(WireFormat.PRIVATE_MESSAGE);
      assertThat(group.get(1).process(data, Clients.NOW)).isInstanceOf(Processed.Application.class);
    }
  }

  @Test
  @Covers(ValidationCode.HANDSHAKE_WIRE_FORMAT_REJECTED)
  void aPublicProposalWhereOnlyPrivateOnesAreAccepted() throws Exception {
    Clients.Group group = group(false, HandshakeWireFormats.PRIVATE_ONLY);
    MlsMessage update = group.get(1).proposeUpdate(Clients.NOW);
    assertThat(update.wireFormat()).isEqualTo(WireFormat.PUBLIC_MESSAGE);
    assertRejected(group.get(0), update);
    CommitResult commit = group.get(2).commit(CommitOptions.defaults(), Clients.NOW);
    assertRejected(group.get(0), commit.commit());
  }

  @Test
  @Covers(ValidationCode.HANDSHAKE_WIRE_FORMAT_REJECTED)
  void aPrivateCommitWhereOnlyPublicOnesAreAccepted() throws Exception {
    Clients.Group group = group(true, HandshakeWireFormats.PUBLIC_ONLY);
    CommitResult commit = group.get(2).commit(CommitOptions.defaults(), Clients.NOW);
    assertThat(commit.commit().wireFormat()).isEqualTo(WireFormat.PRIVATE_MESSAGE);
    assertRejected(group.get(0), commit.commit());
  }

  @Test
  @Covers(ValidationCode.APPLICATION_MESSAGE_NOT_ENCRYPTED)
  void applicationDataAsAPublicMessageIsRejectedWhateverThePolicy() throws Exception {
    Clients.Group group = group(false, HandshakeWireFormats.PUBLIC_ONLY);
    MlsMessage forged =
        Forge.publicMessage(
            group.get(1),
            Forge.framed(
                group.get(1),
                Sender.member(group.get(1).ownLeaf()),
                Content.application(Bytes.of(new byte[] {1}))),
            group.get(1).signer().privateKey(),
            Optional.empty());
    assertThatThrownBy(() -> group.get(0).process(forged, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.APPLICATION_MESSAGE_NOT_ENCRYPTED));
  }

  private static void assertRejected(GroupState receiver, MlsMessage message) {
    assertThatThrownBy(() -> receiver.process(message, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.HANDSHAKE_WIRE_FORMAT_REJECTED));
  }
}
