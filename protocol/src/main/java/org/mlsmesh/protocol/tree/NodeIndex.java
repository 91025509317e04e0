package org.mlsmesh.protocol.tree;

/**
 * The index of a node in the array representation of the ratchet tree (RFC 9420 Appendix C): leaves
 * at even indices, parents at odd ones. A tree of up to 2^32 leaves has node indices below 2^33 -
 * 1.
 */
public record NodeIndex(long value) implements Comparable<NodeIndex> {
  /** The largest node index of a tree with 2^32 leaves. */
  public static final long MAX = 2 * 0xffffffffL;

  public NodeIndex {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException("node index out of range: " + value);
    }
  }

  public static NodeIndex of(long value) {
    return new NodeIndex(value);
  }

  /** The node of leaf {@code leaf}: node {@code 2 * leaf}. */
  public static NodeIndex of(LeafIndex leaf) {
    return new NodeIndex(2 * leaf.value());
  }

  /** Leaves sit at even node indices. */
  public boolean isLeaf() {
    return (value & 1) == 0;
  }

  /**
   * The leaf index of this node.
   *
   * @throws IllegalArgumentException when this is a parent node
   */
  public LeafIndex toLeaf() {
    if (!isLeaf()) {
      throw new IllegalArgumentException("node " + value + " is not a leaf");
    }
    return new LeafIndex(value / 2);
  }

  @Override
  public int compareTo(NodeIndex other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "node " + value;
  }
}
