package org.mlsmesh.protocol.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Writes the TLS presentation language with MLS variable-length vector headers (RFC 9420 §2.1). */
public final class TlsWriter {
  private byte[] buffer;
  private int size;

  public TlsWriter() {
    this(64);
  }

  public TlsWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }

  public TlsWriter u8(int value) {
    checkRange(value, 0xff, "uint8");
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public TlsWriter u16(int value) {
    checkRange(value, 0xffff, "uint16");
    ensure(2);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
    return this;
  }

  public TlsWriter u32(long value) {
    checkRange(value, 0xffffffffL, "uint32");
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** A uint64, taking {@code value} as unsigned. */
  public TlsWriter u64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  private static void checkRange(long value, long max, String type) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(type + " out of range: " + value);
    }
  }

  /** Raw bytes, as in {@code opaque x[n]}. */
  public TlsWriter bytes(Bytes value) {
    ensure(value.length());
    value.copyTo(buffer, size);
    size += value.length();
    return this;
  }

  public TlsWriter rawBytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, buffer, size, value.length);
    size += value.length;
    return this;
  }

  public TlsWriter varint(long value) {
    int length = VarInt.encodedLength(value);
    ensure(length);
    switch (length) {
      case 1 -> buffer[size++] = (byte) value;
      case 2 -> {
        buffer[size++] = (byte) (0x40 | (value >>> 8));
        buffer[size++] = (byte) value;
      }
      default -> {
        buffer[size++] = (byte) (0x80 | (value >>> 24));
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
      }
    }
    return this;
  }

  /** {@code opaque data<V>}. */
  public TlsWriter vlBytes(Bytes value) {
    varint(value.length());
    return bytes(value);
  }

  /** {@code opaque data<V>} from a raw array. */
  public TlsWriter vlBytes(byte[] value) {
    varint(value.length);
    return rawBytes(value);
  }

  /** A vector whose body is written by {@code body}. */
  public TlsWriter vector(Body body) {
    TlsWriter inner = new TlsWriter();
    body.write(inner);
    varint(inner.size);
    ensure(inner.size);
    System.arraycopy(inner.buffer, 0, buffer, size, inner.size);
    size += inner.size;
    return this;
  }

  /** {@code T items<V>}. */
  public <T> TlsWriter vector(List<T> items, Encoder<T> item) {
    return vector(
        w -> {
          for (T value : items) {
            item.encode(w, value);
          }
        });
  }

  /** {@code T items<V>} of self-encoding values. */
  public TlsWriter vector(List<? extends Encodable> items) {
    return vector(
        w -> {
          for (Encodable value : items) {
            value.encode(w);
          }
        });
  }

  /** {@code optional<T>} (RFC 9420 §2.1.1). */
  public <T> TlsWriter optional(Optional<T> value, Encoder<T> item) {
    if (value.isPresent()) {
      u8(1);
      item.encode(this, value.get());
    } else {
      u8(0);
    }
    return this;
  }

  public <T extends Encodable> TlsWriter optional(Optional<T> value) {
    return optional(value, (w, v) -> v.encode(w));
  }

  public int size() {
    return size;
  }

  public Bytes toBytes() {
    return Bytes.wrap(Arrays.copyOf(buffer, size));
  }

  /** Writes one value. */
  @FunctionalInterface
  public interface Encoder<T> {
    void encode(TlsWriter writer, T value);
  }

  /** Writes the body of a vector. */
  @FunctionalInterface
  public interface Body {
    void write(TlsWriter writer);
  }
}
