package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §12.1.2: struct { LeafNode leaf_node; } Update; */
public record Update(LeafNode leafNode) implements Proposal {
  public Update {
    Objects.requireNonNull(leafNode, "leafNode");
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE;
  }

  public static Update decodeBody(TlsReader reader) throws DecodeException {
    return new Update(LeafNode.decode(reader));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    leafNode.encode(writer);
  }
}
