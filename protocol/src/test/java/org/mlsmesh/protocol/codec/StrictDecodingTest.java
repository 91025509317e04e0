package org.mlsmesh.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.protocol.codec.DecodeAssertions.decodeError;

import org.junit.jupiter.api.Test;

/** Malformed input fails with a DecodeException at the offending byte (RFC 9420 §2.1). */
class StrictDecodingTest {
  @Test
  void truncatedFixedWidthInteger() {
    DecodeException e = decodeError("0001" + "0203", r -> r.u16() + r.u32());
    assertThat(e.offset()).isEqualTo(2);
    assertThat(e).hasMessageContaining("truncated");
  }

  @Test
  void truncatedVarint() {
    assertThat(decodeError("80ff", TlsReader::varint).offset()).isEqualTo(0);
  }

  @Test
  void vectorLongerThanTheInputFailsBeforeAllocating() {
    // A header claiming 2^30 - 1 bytes with 3 bytes left: the length is checked before any copy.
    DecodeException e = decodeError("bfffffff" + "010203", TlsReader::vlBytes);
    assertThat(e.offset()).isEqualTo(4);
    assertThat(e).hasMessageContaining("1073741823");
  }

  @Test
  void vectorLongerThanItsEnclosingVector() {
    // outer<V> of 3 bytes holding an inner<V> that claims 5.
    DecodeException e =
        decodeError("03" + "05aabb" + "ccddeeff", r -> r.vector(TlsReader::vlBytes));
    assertThat(e.offset()).isEqualTo(2);
  }

  @Test
  void nonMinimalVarint() {
    assertThat(decodeError("4005", TlsReader::varint).offset()).isEqualTo(0);
    assertThat(decodeError("80003fff", TlsReader::varint).offset()).isEqualTo(0);
    assertThat(decodeError("01" + "4005", r -> r.u8() + r.varint()).offset()).isEqualTo(1);
  }

  @Test
  void varintPrefix0b11() {
    DecodeException e = decodeError("00" + "c0000000", r -> r.u8() + r.varint());
    assertThat(e.offset()).isEqualTo(1);
    assertThat(e).hasMessageContaining("0b11");
  }

  @Test
  void trailingBytes() {
    DecodeException e = decodeError("0102" + "03", TlsReader::u16);
    assertThat(e.offset()).isEqualTo(2);
    assertThat(e).hasMessageContaining("trailing");
  }

  @Test
  void vectorBodyThatEndsInsideAnItem() {
    // A vector of uint16 whose body has an odd length.
    assertThat(decodeError("03" + "000100", r -> r.vector(TlsReader::u16)).offset()).isEqualTo(3);
  }

  @Test
  void optionalPresenceFlagOtherThanZeroOrOne() {
    DecodeException e =
        decodeError("00" + "02" + "ff", r -> r.u8() + r.optional(TlsReader::u8).get());
    assertThat(e.offset()).isEqualTo(1);
    assertThat(e).hasMessageContaining("presence");
  }
}
