package org.mlsmesh.protocol.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Index arithmetic of array-based left-balanced binary trees (RFC 9420 Appendix C).
 *
 * <p>Ratchet trees are always perfect, with 2^d leaves (RFC 9420 §4.1), and for those these
 * functions are exactly the RFC's. They also hold for any leaf count: in a left-balanced tree whose
 * right edge is cut off, a parent or right child that would lie past the last node is replaced by
 * its first ancestor, or leftmost descendant, inside the tree. Callers of the ratchet tree pass the
 * padded (power-of-two) leaf count.
 *
 * <p>Arguments outside the tree, a leaf where a parent is needed, or the root where a non-root is
 * needed are programming errors and throw {@link IllegalArgumentException}.
 */
public final class TreeMath {
  /** A tree holds at most 2^32 leaves (leaf indices are uint32). */
  public static final long MAX_LEAVES = 1L << 32;

  private TreeMath() {}

  /** The level of a node: 0 for leaves, and one more than its children for a parent. */
  public static int level(NodeIndex x) {
    return Long.numberOfTrailingZeros(~x.value());
  }

  public static boolean isLeaf(NodeIndex x) {
    return x.isLeaf();
  }

  /** The number of nodes of a tree with {@code leafCount} leaves: {@code 2 * (n - 1) + 1}. */
  public static long nodeWidth(long leafCount) {
    checkLeafCountRange(leafCount);
    return leafCount == 0 ? 0 : 2 * (leafCount - 1) + 1;
  }

  /** The root of a tree with {@code leafCount} leaves (at least one). */
  public static NodeIndex root(long leafCount) {
    checkLeafCount(leafCount);
    return new NodeIndex(Long.highestOneBit(nodeWidth(leafCount)) - 1);
  }

  /** The node of a leaf. */
  public static NodeIndex toNode(LeafIndex leaf) {
    return NodeIndex.of(leaf);
  }

  /** The leaf at a node; fails on a parent node. */
  public static LeafIndex toLeaf(NodeIndex x) {
    return x.toLeaf();
  }

  /** The left child of a parent node (always inside the tree when the parent is). */
  public static NodeIndex left(NodeIndex x) {
    int k = level(x);
    if (k == 0) {
      throw new IllegalArgumentException("a leaf has no children: " + x);
    }
    return new NodeIndex(x.value() ^ (1L << (k - 1)));
  }

  /** The right child of a parent node in a tree of {@code leafCount} leaves. */
  public static NodeIndex right(NodeIndex x, long leafCount) {
    long width = checkInTree(x, leafCount);
    int k = level(x);
    if (k == 0) {
      throw new IllegalArgumentException("a leaf has no children: " + x);
    }
    long r = x.value() ^ (3L << (k - 1));
    while (r >= width) {
      r = left(new NodeIndex(r)).value();
    }
    return new NodeIndex(r);
  }

  /** The parent of a non-root node in a tree of {@code leafCount} leaves. */
  public static NodeIndex parent(NodeIndex x, long leafCount) {
    long width = checkInTree(x, leafCount);
    if (x.equals(root(leafCount))) {
      throw new IllegalArgumentException("the root has no parent: " + x);
    }
    long p = parentStep(x.value());
    while (p >= width) {
      p = parentStep(p);
    }
    return new NodeIndex(p);
  }

  /** The parent in the infinite perfect tree: set bit k, clear bit k + 1 if it was set. */
  private static long parentStep(long x) {
    int k = Long.numberOfTrailingZeros(~x);
    long b = (x >>> (k + 1)) & 1;
    return (x | (1L << k)) ^ (b << (k + 1));
  }

  /** The other child of a non-root node's parent. */
  public static NodeIndex sibling(NodeIndex x, long leafCount) {
    NodeIndex p = parent(x, leafCount);
    return x.value() < p.value() ? right(p, leafCount) : left(p);
  }

  /** The direct path of a node, from its parent up to the root; empty for the root. */
  public static List<NodeIndex> directPath(NodeIndex x, long leafCount) {
    checkInTree(x, leafCount);
    NodeIndex r = root(leafCount);
    List<NodeIndex> path = new ArrayList<>();
    NodeIndex at = x;
    while (!at.equals(r)) {
      at = parent(at, leafCount);
      path.add(at);
    }
    return Collections.unmodifiableList(path);
  }

  /**
   * The copath of a node: its sibling and the siblings of its direct path below the root, from the
   * bottom up; empty for the root.
   */
  public static List<NodeIndex> copath(NodeIndex x, long leafCount) {
    checkInTree(x, leafCount);
    NodeIndex r = root(leafCount);
    List<NodeIndex> path = new ArrayList<>();
    NodeIndex at = x;
    while (!at.equals(r)) {
      path.add(sibling(at, leafCount));
      at = parent(at, leafCount);
    }
    return Collections.unmodifiableList(path);
  }

  /**
   * The lowest node that is {@code x} or {@code y} or an ancestor of both. In a left-balanced tree
   * this is the ancestor in the infinite perfect tree, which always lies between the two.
   */
  public static NodeIndex commonAncestor(NodeIndex x, NodeIndex y, long leafCount) {
    checkInTree(x, leafCount);
    checkInTree(y, leafCount);
    long a = x.value();
    long b = y.value();
    int lx = level(x) + 1;
    int ly = level(y) + 1;
    if (lx <= ly && (a >>> ly) == (b >>> ly)) {
      return y;
    }
    if (ly <= lx && (a >>> lx) == (b >>> lx)) {
      return x;
    }
    int k = 0;
    while (a != b) {
      a >>>= 1;
      b >>>= 1;
      k++;
    }
    return new NodeIndex((a << k) + (1L << (k - 1)) - 1);
  }

  /** Whether {@code x} is a node of a tree with {@code leafCount} leaves. */
  public static boolean contains(long leafCount, NodeIndex x) {
    return x.value() < nodeWidth(leafCount);
  }

  private static long checkInTree(NodeIndex x, long leafCount) {
    checkLeafCount(leafCount);
    long width = nodeWidth(leafCount);
    if (x.value() >= width) {
      throw new IllegalArgumentException(x + " is outside a tree of " + leafCount + " leaves");
    }
    return width;
  }

  private static void checkLeafCount(long leafCount) {
    checkLeafCountRange(leafCount);
    if (leafCount == 0) {
      throw new IllegalArgumentException("an empty tree has no nodes");
    }
  }

  private static void checkLeafCountRange(long leafCount) {
    if (leafCount < 0 || leafCount > MAX_LEAVES) {
      throw new IllegalArgumentException("leaf count out of range: " + leafCount);
    }
  }
}
