package org.mlsmesh.protocol.tree;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * One immutable node of the link-based ratchet tree (RFC 9420 Appendix D) with its subtree. A
 * change copies the path from the root to the changed nodes and shares everything else, so trees of
 * different epochs and forks share structure. Each object sits at one fixed position (leaf indices
 * do not move when the tree is extended or truncated), so a parent memoizes its tree hash.
 */
abstract class Subtree {
  /** 0 for a leaf; a parent's children have level {@code level - 1}. */
  final int level;

  /** Non-blank leaves below (or at) this node. */
  final int members;

  /** Non-blank nodes, leaves and parents, in this subtree. */
  final int occupied;

  Subtree(int level, int members, int occupied) {
    this.level = level;
    this.members = members;
    this.occupied = occupied;
  }

  /** The number of leaf slots below this node. */
  final long capacity() {
    return 1L << level;
  }

  /** The node index of this subtree's head, for a subtree whose leftmost leaf is {@code first}. */
  final long nodeIndex(long first) {
    return 2 * first + (1L << level) - 1;
  }

  abstract boolean isBlank();

  /**
   * RFC 9420 §7.8: Hash(TreeHashInput); {@code first} is the leftmost leaf index. Memoized in
   * parents; a leaf's, one hash of the leaf node, is recomputed when asked for.
   */
  abstract Bytes treeHash(CryptoProvider crypto, long first);

  /** A leaf slot; {@code leaf} is null for a blank leaf. */
  static final class Leaf extends Subtree {
    private final LeafNode leaf;

    /**
     * This slot on the wire ({@code optional<Node>}), memoized on first use: a {@link Bytes} (whose
     * array is a final field) so that a racing first use at worst computes it twice.
     */
    private Bytes encoded;

    Leaf(LeafNode leaf) {
      super(0, leaf == null ? 0 : 1, leaf == null ? 0 : 1);
      this.leaf = leaf;
    }

    static Leaf blank() {
      return new Leaf(null);
    }

    Optional<LeafNode> value() {
      return Optional.ofNullable(leaf);
    }

    @Override
    boolean isBlank() {
      return leaf == null;
    }

    @Override
    Bytes treeHash(CryptoProvider crypto, long first) {
      return leafHash(crypto, first, value());
    }

    Bytes encodedSlot() {
      Bytes memo = encoded;
      if (memo == null) {
        TlsWriter writer = new TlsWriter(leaf == null ? 1 : 512);
        writer.optional(value().map(Node::leaf));
        memo = writer.toBytes();
        encoded = memo;
      }
      return memo;
    }

    /** TreeHashInput { leaf(1), LeafNodeHashInput { leaf_index, optional<LeafNode> } }. */
    static Bytes leafHash(CryptoProvider crypto, long index, Optional<LeafNode> leaf) {
      TlsWriter writer = new TlsWriter(leaf.isPresent() ? 512 : 8);
      writer.u8(NodeType.LEAF.code).u32(index);
      writer.optional(leaf);
      return crypto.hash(writer.toBytes());
    }
  }

  /** A parent slot; {@code node} is null for a blank parent. */
  static final class Parent extends Subtree {
    private final ParentNode node;
    final Subtree left;
    final Subtree right;

    /**
     * The memoized tree hash, set on first use. A {@link Bytes} (whose array is a final field) so
     * that a tree shared between threads never shows a half-published hash.
     */
    private Bytes treeHash;

    Parent(ParentNode node, Subtree left, Subtree right) {
      super(
          left.level + 1,
          left.members + right.members,
          left.occupied + right.occupied + (node == null ? 0 : 1));
      if (left.level != right.level) {
        throw new IllegalArgumentException("children of different levels");
      }
      this.node = node;
      this.left = left;
      this.right = right;
    }

    Optional<ParentNode> value() {
      return Optional.ofNullable(node);
    }

    @Override
    boolean isBlank() {
      return node == null;
    }

    @Override
    Bytes treeHash(CryptoProvider crypto, long first) {
      Bytes memo = treeHash;
      if (memo == null) {
        long half = 1L << (level - 1);
        memo =
            parentHash(
                crypto,
                value(),
                left.treeHash(crypto, first),
                right.treeHash(crypto, first + half));
        treeHash = memo;
      }
      return memo;
    }

    /** TreeHashInput { parent(2), ParentNodeHashInput { optional<ParentNode>, left, right } }. */
    static Bytes parentHash(
        CryptoProvider crypto, Optional<ParentNode> node, Bytes leftHash, Bytes rightHash) {
      TlsWriter writer = new TlsWriter(256);
      writer.u8(NodeType.PARENT.code);
      writer.optional(node);
      writer.vlBytes(leftHash).vlBytes(rightHash);
      return crypto.hash(writer.toBytes());
    }
  }

  /** An all-blank subtree of {@code level}, built eagerly: each node needs its own hash memo. */
  static Subtree blank(int level) {
    if (level == 0) {
      return Leaf.blank();
    }
    return new Parent(null, blank(level - 1), blank(level - 1));
  }
}
