package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.Publish;

class MessageIdTest {
  @Test
  void idIsTheSha256OfThePayload() {
    MessageId id = MessageId.ofPayload("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(id.toByteArray())
        .asHexString()
        .isEqualToIgnoringCase("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(id.toString()).isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void samePayloadSameId() {
    assertThat(MessageId.ofPayload(new byte[] {1, 2}))
        .isEqualTo(MessageId.ofPayload(new byte[] {1, 2}))
        .isNotEqualTo(MessageId.ofPayload(new byte[] {2, 1}));
  }

  @Test
  void receivedIdOfWrongLengthIsRejected() {
    assertThatThrownBy(() -> MessageId.fromBytes(new byte[31]))
        .hasMessageContaining("must be 32 bytes, got 31");
  }

  @Test
  void envelopeRoundTripsThroughProtobuf() throws Exception {
    byte[] payload = {9, 8, 7};
    Envelope sent =
        Envelope.newBuilder()
            .setVersion(1)
            .setPublish(
                Publish.newBuilder()
                    .setTopic("group/abc")
                    .setPayload(com.google.protobuf.ByteString.copyFrom(payload)))
            .build();
    Envelope received = Envelope.parseFrom(sent.toByteArray());
    assertThat(received).isEqualTo(sent);
    assertThat(MessageId.ofPayload(received.getPublish().getPayload()))
        .isEqualTo(MessageId.ofPayload(payload));
  }
}
