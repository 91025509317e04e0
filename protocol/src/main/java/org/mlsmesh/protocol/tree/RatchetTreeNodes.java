package org.mlsmesh.protocol.tree;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §12.4.3.3: the wire form of a ratchet tree, {@code optional<Node> ratchet_tree<V>;}, in
 * array order, an empty entry for each blank node. This is only the codec: the shape checks of the
 * tree (non-blank last node, node types by position) belong to the tree logic.
 */
public record RatchetTreeNodes(List<Optional<Node>> nodes) implements Encodable {
  public RatchetTreeNodes {
    nodes = List.copyOf(nodes);
  }

  public static RatchetTreeNodes decode(TlsReader reader) throws DecodeException {
    return new RatchetTreeNodes(reader.vector(r -> r.optional(Node::decode)));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vector(nodes, TlsWriter::optional);
  }
}
