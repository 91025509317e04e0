package org.mlsmesh.protocol.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.protocol.codec.DecodeAssertions.decodeError;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.DecodeException;

/** Malformed framing fails with the offset of the bad byte (RFC 9420 §6). */
class FramingDecodeErrorsTest {
  @Test
  void unknownWireFormat() {
    DecodeException e = decodeError("0001" + "0006" + "00", MlsMessage::decode);
    assertThat(e.offset()).isEqualTo(2);
    assertThat(e).hasMessageContaining("wire format 0x0006");
    assertThat(decodeError("0001" + "0000", MlsMessage::decode).offset()).isEqualTo(2);
  }

  @Test
  void versionOtherThanMls10() {
    DecodeException e = decodeError("0002" + "0005", MlsMessage::decode);
    assertThat(e.offset()).isEqualTo(0);
    assertThat(e).hasMessageContaining("version");
    assertThat(decodeError("0000" + "0005", MlsMessage::decode).offset()).isEqualTo(0);
  }

  @Test
  void unknownSenderType() {
    // group_id<V> = 01 aa, epoch, then sender_type 5.
    DecodeException e = decodeError("01aa" + "0000000000000001" + "05", FramedContent::decode);
    assertThat(e.offset()).isEqualTo(10);
    assertThat(e).hasMessageContaining("sender type");
  }

  @Test
  void unknownContentType() {
    // group_id, epoch, sender new_member_commit, authenticated_data<V> = 00, content_type 4.
    DecodeException e =
        decodeError("01aa" + "0000000000000001" + "04" + "00" + "04", FramedContent::decode);
    assertThat(e.offset()).isEqualTo(12);
    assertThat(decodeError("00" + "0000000000000000" + "00", PrivateMessage::decode).offset())
        .isEqualTo(9);
  }

  @Test
  void nonZeroPaddingInPrivateMessageContent() {
    // application_data<V> = 02 aabb, signature<V> = 01 cc, padding 00 00 05 00.
    DecodeException e =
        decodeError(
            "02aabb" + "01cc" + "00000500",
            r -> PrivateMessageContent.decode(r, ContentType.APPLICATION));
    assertThat(e.offset()).isEqualTo(7);
    assertThat(e).hasMessageContaining("padding");
  }

  @Test
  void commitContentNeedsItsConfirmationTag() {
    // commit { proposals<V> = 00, path absent = 00 }, signature<V> = 01 cc, no confirmation tag.
    DecodeException e =
        decodeError("0000" + "01cc", r -> PrivateMessageContent.decode(r, ContentType.COMMIT));
    assertThat(e.offset()).isEqualTo(4);
  }

  @Test
  void memberPublicMessageWithoutMembershipTag() {
    // group_id<V> 00, epoch, sender member leaf 0, authenticated_data 00, application 00,
    // signature<V> 00, then the membership tag is missing.
    String hex = "00" + "0000000000000000" + "0100000000" + "00" + "01" + "00" + "00";
    DecodeException e = decodeError(hex, PublicMessage::decode);
    assertThat(e.offset()).isEqualTo(hex.length() / 2);
  }

  @Test
  void truncatedSenderData() {
    assertThat(decodeError("00000001" + "00000002" + "010203", SenderData::decode).offset())
        .isEqualTo(8);
  }
}
