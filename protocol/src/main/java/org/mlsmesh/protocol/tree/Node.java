package org.mlsmesh.protocol.tree;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * RFC 9420 §12.4.3.3:
 *
 * <pre>
 * struct {
 *     NodeType node_type;
 *     select (Node.node_type) {
 *         case leaf:   LeafNode leaf_node;
 *         case parent: ParentNode parent_node;
 *     };
 * } Node;
 * </pre>
 */
public sealed interface Node extends Encodable permits Node.Leaf, Node.Parent {
  NodeType type();

  static Node leaf(LeafNode leafNode) {
    return new Leaf(leafNode);
  }

  static Node parent(ParentNode parentNode) {
    return new Parent(parentNode);
  }

  static Node decode(TlsReader reader) throws DecodeException {
    NodeType type = NodeType.decode(reader);
    return switch (type) {
      case LEAF -> new Leaf(LeafNode.decode(reader));
      case PARENT -> new Parent(ParentNode.decode(reader));
    };
  }

  /** A leaf node. */
  record Leaf(LeafNode leafNode) implements Node {
    public Leaf {
      Objects.requireNonNull(leafNode, "leafNode");
    }

    @Override
    public NodeType type() {
      return NodeType.LEAF;
    }

    @Override
    public void encode(TlsWriter writer) {
      NodeType.LEAF.encode(writer);
      leafNode.encode(writer);
    }
  }

  /** A parent node. */
  record Parent(ParentNode parentNode) implements Node {
    public Parent {
      Objects.requireNonNull(parentNode, "parentNode");
    }

    @Override
    public NodeType type() {
      return NodeType.PARENT;
    }

    @Override
    public void encode(TlsWriter writer) {
      NodeType.PARENT.encode(writer);
      parentNode.encode(writer);
    }
  }
}
