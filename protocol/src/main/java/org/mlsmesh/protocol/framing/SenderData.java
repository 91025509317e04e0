package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * RFC 9420 §6.3.2: struct { uint32 leaf_index; uint32 generation; opaque reuse_guard[4]; }
 * SenderData;
 */
public record SenderData(LeafIndex leafIndex, long generation, Bytes reuseGuard)
    implements Encodable {
  public static final int REUSE_GUARD_LENGTH = 4;

  public SenderData {
    Objects.requireNonNull(leafIndex, "leafIndex");
    if (generation < 0 || generation > 0xffffffffL) {
      throw new IllegalArgumentException("generation out of range: " + generation);
    }
    if (reuseGuard.length() != REUSE_GUARD_LENGTH) {
      throw new IllegalArgumentException("reuse guard must be 4 bytes: " + reuseGuard.length());
    }
  }

  public static SenderData decode(TlsReader reader) throws DecodeException {
    return new SenderData(LeafIndex.decode(reader), reader.u32(), reader.bytes(REUSE_GUARD_LENGTH));
  }

  @Override
  public void encode(TlsWriter writer) {
    leafIndex.encode(writer);
    writer.u32(generation).bytes(reuseGuard);
  }
}
