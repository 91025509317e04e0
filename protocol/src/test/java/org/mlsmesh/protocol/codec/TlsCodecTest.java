package org.mlsmesh.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Boundaries of the TLS reader and writer (RFC 9420 §2.1). */
class TlsCodecTest {
  private static Bytes write(TlsWriter.Body body) {
    TlsWriter writer = new TlsWriter();
    body.write(writer);
    return writer.toBytes();
  }

  @Test
  void fixedWidthIntegersAtTheirBoundaries() throws DecodeException {
    Bytes encoded =
        write(
            w ->
                w.u8(0)
                    .u8(0xff)
                    .u16(0)
                    .u16(0xffff)
                    .u32(0)
                    .u32(0xffffffffL)
                    .u64(0)
                    .u64(-1L)
                    .u64(Long.MAX_VALUE));
    assertThat(encoded.toHex())
        .isEqualTo(
            "00ff"
                + "0000ffff"
                + "00000000ffffffff"
                + "0000000000000000"
                + "ffffffffffffffff"
                + "7fffffffffffffff");

    TlsReader reader = TlsReader.of(encoded);
    assertThat(reader.u8()).isEqualTo(0);
    assertThat(reader.u8()).isEqualTo(0xff);
    assertThat(reader.u16()).isEqualTo(0);
    assertThat(reader.u16()).isEqualTo(0xffff);
    assertThat(reader.u32()).isEqualTo(0);
    assertThat(reader.u32()).isEqualTo(0xffffffffL);
    assertThat(reader.u64()).isEqualTo(0);
    assertThat(reader.u64()).isEqualTo(-1L); // 2^64 - 1, unsigned
    assertThat(reader.u64()).isEqualTo(Long.MAX_VALUE);
    reader.finish();
  }

  @ParameterizedTest
  @CsvSource({
    "0, 00",
    "63, 3f",
    "64, 4040",
    "16383, 7fff",
    "16384, 80004000",
    "1073741823, bfffffff"
  })
  void varintBoundaries(long value, String hex) throws DecodeException {
    assertThat(write(w -> w.varint(value)).toHex()).isEqualTo(hex);
    assertThat(TlsReader.decodeAll(Bytes.fromHex(hex), TlsReader::varint)).isEqualTo(value);
  }

  @Test
  void writerRejectsOutOfRangeValues() {
    TlsWriter writer = new TlsWriter();
    assertThatThrownBy(() -> writer.u8(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.u8(0x100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.u16(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.u16(0x10000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.u32(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.u32(0x100000000L)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.varint(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.varint(1L << 30)).isInstanceOf(IllegalArgumentException.class);
    assertThat(writer.size()).isZero();
  }

  @Test
  void vectorsAndOptionalsRoundTrip() throws DecodeException {
    Bytes big = Bytes.wrap(new byte[16384]);
    Bytes encoded =
        write(
            w ->
                w.vlBytes(Bytes.EMPTY)
                    .vlBytes(Bytes.fromHex("0102"))
                    .vlBytes(big)
                    .vector(List.of(1, 0xffff), TlsWriter::u16)
                    .optional(Optional.<Integer>empty(), TlsWriter::u8)
                    .optional(Optional.of(7), TlsWriter::u8));
    assertThat(encoded.slice(0, 4).toHex()).isEqualTo("00020102");
    assertThat(encoded.slice(4, 8).toHex()).isEqualTo("80004000");

    TlsReader reader = TlsReader.of(encoded);
    assertThat(reader.vlBytes()).isEqualTo(Bytes.EMPTY);
    assertThat(reader.vlBytes().toHex()).isEqualTo("0102");
    assertThat(reader.vlBytes()).isEqualTo(big);
    assertThat(reader.vector(TlsReader::u16)).containsExactly(1, 0xffff);
    assertThat(reader.optional(TlsReader::u8)).isEmpty();
    assertThat(reader.optional(TlsReader::u8)).contains(7);
    reader.finish();
  }
}
