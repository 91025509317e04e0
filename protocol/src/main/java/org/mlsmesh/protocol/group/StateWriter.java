package org.mlsmesh.protocol.group;

import java.util.Arrays;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.codec.VarInt;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * Writes a saved group state in the TLS presentation language that {@code TlsReader} reads
 * (variable-length vector headers, RFC 9420 §2.1), wiping every buffer it lets go of: when it
 * grows, and the buffers of nested vectors once copied. Secrets thus end up only in the final
 * array.
 */
final class StateWriter {
  private byte[] buffer;
  private int size;

  StateWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      byte[] grown = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
      Arrays.fill(buffer, (byte) 0);
      buffer = grown;
    }
  }

  StateWriter u8(int value) {
    return unsigned(value, 1, 0xffL);
  }

  StateWriter u16(int value) {
    return unsigned(value, 2, 0xffffL);
  }

  StateWriter u32(long value) {
    return unsigned(value, 4, 0xffffffffL);
  }

  /** A uint64, taking {@code value} as unsigned. */
  StateWriter u64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  private StateWriter unsigned(long value, int length, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("uint" + 8 * length + " out of range: " + value);
    }
    ensure(length);
    for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  StateWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** A minimal variable-length integer (RFC 9420 §2.1.2). */
  StateWriter varint(long value) {
    int length = VarInt.encodedLength(value);
    long marked = value | ((long) Integer.numberOfTrailingZeros(length) << (8 * length - 2));
    return unsigned(marked, length, (1L << (8 * length)) - 1);
  }

  /** Raw bytes, as in {@code opaque x[n]}. */
  StateWriter bytes(Bytes value) {
    ensure(value.length());
    value.copyTo(buffer, size);
    size += value.length();
    return this;
  }

  /** {@code opaque data<V>}. */
  StateWriter vlBytes(Bytes value) {
    varint(value.length());
    return bytes(value);
  }

  /** {@code opaque secret<V>}, copied without a public intermediate. */
  StateWriter secret(Secret value) {
    byte[] raw = value.exposeBytes();
    try {
      varint(raw.length);
      ensure(raw.length);
      System.arraycopy(raw, 0, buffer, size, raw.length);
      size += raw.length;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    return this;
  }

  /** A public struct in its own wire encoding. */
  StateWriter struct(Encodable value) {
    TlsWriter writer = new TlsWriter();
    value.encode(writer);
    return bytes(writer.toBytes());
  }

  /** A vector whose body is written by {@code body}. */
  StateWriter vector(Body body) {
    StateWriter inner = new StateWriter(64);
    try {
      body.write(inner);
      varint(inner.size);
      ensure(inner.size);
      System.arraycopy(inner.buffer, 0, buffer, size, inner.size);
      size += inner.size;
    } finally {
      inner.wipe();
    }
    return this;
  }

  /** {@code T items<V>}. */
  <T> StateWriter vector(List<T> items, Item<T> item) {
    return vector(
        w -> {
          for (T value : items) {
            item.write(w, value);
          }
        });
  }

  /** Hands the bytes written over to a {@link SavedGroupState} and wipes this writer. */
  SavedGroupState toSaved() {
    SavedGroupState saved = SavedGroupState.wrap(Arrays.copyOf(buffer, size));
    wipe();
    return saved;
  }

  void wipe() {
    Arrays.fill(buffer, (byte) 0);
    size = 0;
  }

  /** Writes the body of a vector. */
  @FunctionalInterface
  interface Body {
    void write(StateWriter writer);
  }

  /** Writes one item of a vector. */
  @FunctionalInterface
  interface Item<T> {
    void write(StateWriter writer, T value);
  }
}
