package org.mlsmesh.protocol.tree;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** The index of a leaf among the leaves of the ratchet tree: a uint32 on the wire. */
public record LeafIndex(long value) implements Comparable<LeafIndex> {
  public LeafIndex {
    if (value < 0 || value > 0xffffffffL) {
      throw new IllegalArgumentException("leaf index out of range: " + value);
    }
  }

  public static LeafIndex of(long value) {
    return new LeafIndex(value);
  }

  public static LeafIndex decode(TlsReader reader) throws DecodeException {
    return new LeafIndex(reader.u32());
  }

  public void encode(TlsWriter writer) {
    writer.u32(value);
  }

  @Override
  public int compareTo(LeafIndex other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "leaf " + value;
  }
}
