package org.mlsmesh.protocol.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A strict reader of the TLS presentation language with MLS variable-length vector headers (RFC
 * 9420 §2.1). Every length is checked against the bytes that remain before anything is allocated,
 * varints must be minimal, and vectors are decoded from a bounded sub-reader. Offsets in errors are
 * absolute positions in the outermost input.
 */
public final class TlsReader {
  private final byte[] data;
  private int position;
  private final int limit;

  private TlsReader(byte[] data, int position, int limit) {
    this.data = data;
    this.position = position;
    this.limit = limit;
  }

  public static TlsReader of(Bytes input) {
    byte[] array = input.unsafeArray();
    return new TlsReader(array, 0, array.length);
  }

  /** Decodes {@code input} completely: trailing bytes are an error. */
  public static <T> T decodeAll(Bytes input, Decoder<T> decoder) throws DecodeException {
    TlsReader reader = of(input);
    T value = decoder.decode(reader);
    reader.finish();
    return value;
  }

  public int remaining() {
    return limit - position;
  }

  public boolean hasRemaining() {
    return position < limit;
  }

  /** The absolute byte offset of the next byte to read. */
  public int offset() {
    return position;
  }

  /** An error at the current offset. */
  public DecodeException error(String what) {
    return new DecodeException(what, position);
  }

  /** Fails unless every byte has been consumed. */
  public void finish() throws DecodeException {
    if (position != limit) {
      throw error((limit - position) + " trailing byte(s)");
    }
  }

  private void require(long count, String what) throws DecodeException {
    if (count > remaining()) {
      throw error(
          "truncated input: " + what + " needs " + count + " byte(s), " + remaining() + " remain");
    }
  }

  public int u8() throws DecodeException {
    require(1, "uint8");
    return data[position++] & 0xff;
  }

  public int u16() throws DecodeException {
    require(2, "uint16");
    int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
    position += 2;
    return value;
  }

  public long u32() throws DecodeException {
    require(4, "uint32");
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (data[position + i] & 0xff);
    }
    position += 4;
    return value;
  }

  /** A uint64; values of 2^63 and above come back negative (use the unsigned helpers of Long). */
  public long u64() throws DecodeException {
    require(8, "uint64");
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[position + i] & 0xff);
    }
    position += 8;
    return value;
  }

  /** A uint8 code point of a closed registry; an unknown one is an error at its offset. */
  public <E extends CodePoint> E u8CodePoint(E[] known, String what) throws DecodeException {
    int at = position;
    int code = u8();
    for (E value : known) {
      if (value.code() == code) {
        return value;
      }
    }
    throw new DecodeException("unknown " + what + " " + code, at);
  }

  /** A uint16 code point of a closed registry; an unknown one is an error at its offset. */
  public <E extends CodePoint> E u16CodePoint(E[] known, String what) throws DecodeException {
    int at = position;
    int code = u16();
    for (E value : known) {
      if (value.code() == code) {
        return value;
      }
    }
    throw new DecodeException(String.format("unknown %s 0x%04x", what, code), at);
  }

  /** {@code count} raw bytes, as in {@code opaque x[count]}. */
  public Bytes bytes(int count) throws DecodeException {
    require(count, "fixed-length field");
    Bytes value = Bytes.of(data, position, count);
    position += count;
    return value;
  }

  /** A variable-length integer (RFC 9420 §2.1.2): 1, 2 or 4 bytes, minimally encoded. */
  public long varint() throws DecodeException {
    int start = position;
    require(1, "varint");
    int first = data[position] & 0xff;
    int prefix = first >>> 6;
    if (prefix == 3) {
      throw error("invalid varint prefix 0b11");
    }
    int length = 1 << prefix;
    require(length, "varint");
    long value = first & 0x3f;
    for (int i = 1; i < length; i++) {
      value = (value << 8) | (data[position + i] & 0xff);
    }
    if (length > 1 && value < VarInt.maxValueForLength(length / 2)) {
      throw new DecodeException("non-minimal varint encoding of " + value, start);
    }
    position += length;
    return value;
  }

  /** {@code opaque data<V>}. */
  public Bytes vlBytes() throws DecodeException {
    int length = vectorLength();
    Bytes value = Bytes.of(data, position, length);
    position += length;
    return value;
  }

  /** Reads a vector header and returns a reader bounded to the vector's body. */
  public TlsReader vector() throws DecodeException {
    int length = vectorLength();
    TlsReader body = new TlsReader(data, position, position + length);
    position += length;
    return body;
  }

  /** {@code T items<V>}: decodes items until the vector's body is exhausted. */
  public <T> List<T> vector(Decoder<T> item) throws DecodeException {
    TlsReader body = vector();
    List<T> items = new ArrayList<>();
    while (body.hasRemaining()) {
      items.add(item.decode(body));
    }
    return List.copyOf(items);
  }

  private int vectorLength() throws DecodeException {
    long length = varint();
    require(length, "vector body");
    return (int) length;
  }

  /** {@code optional<T>} presence flag (RFC 9420 §2.1.1): exactly 0 or 1. */
  public boolean presence() throws DecodeException {
    int flag = u8();
    if (flag > 1) {
      throw new DecodeException("optional presence flag must be 0 or 1, got " + flag, position - 1);
    }
    return flag == 1;
  }

  public <T> Optional<T> optional(Decoder<T> item) throws DecodeException {
    return presence() ? Optional.of(item.decode(this)) : Optional.empty();
  }

  /** The raw bytes consumed since {@code startOffset} (for signing over what was received). */
  public Bytes consumedSince(int startOffset) {
    return Bytes.of(data, startOffset, position - startOffset);
  }

  /** Decodes one value from a reader. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(TlsReader reader) throws DecodeException;
  }
}
