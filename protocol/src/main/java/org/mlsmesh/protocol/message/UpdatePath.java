package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §7.6: {@code struct { LeafNode leaf_node; UpdatePathNode nodes<V>; } UpdatePath;} */
public record UpdatePath(LeafNode leafNode, List<UpdatePathNode> nodes) implements Encodable {
  public UpdatePath {
    Objects.requireNonNull(leafNode, "leafNode");
    nodes = List.copyOf(nodes);
  }

  public static UpdatePath decode(TlsReader reader) throws DecodeException {
    return new UpdatePath(LeafNode.decode(reader), reader.vector(UpdatePathNode::decode));
  }

  @Override
  public void encode(TlsWriter writer) {
    leafNode.encode(writer);
    writer.vector(nodes);
  }
}
