package org.mlsmesh.protocol.tree;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;

/**
 * RFC 9420 §7.9.2, top down: every non-blank parent node P has exactly one descendant D whose
 * parent hash links it to P. Every link is checked against P's own fields, so by induction on the
 * height every non-blank parent chains down to a leaf. Linear in the size of the tree plus the
 * unmerged-leaf entries.
 */
final class ParentHashVerifier {
  private ParentHashVerifier() {}

  static void verify(RatchetTree tree) throws ValidationException {
    visit(tree, tree.rootSubtree(), 0);
  }

  private static void visit(RatchetTree tree, Subtree s, long first) throws ValidationException {
    if (s.occupied == 0 || s instanceof Subtree.Leaf) {
      return;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    long half = 1L << (s.level - 1);
    if (p.value().isPresent()) {
      NodeIndex index = NodeIndex.of(s.nodeIndex(first));
      NodeIndex left = TreeMath.left(index);
      NodeIndex right = TreeMath.right(index, tree.leafCount());
      ParentNode node = p.value().get();
      int links =
          (linked(tree, node, left, right) ? 1 : 0) + (linked(tree, node, right, left) ? 1 : 0);
      if (links != 1) {
        throw new ValidationException(
            ValidationCode.PARENT_HASH_INVALID,
            index + (links == 0 ? " has no child linked by its parent hash" : " is linked twice"));
      }
    }
    visit(tree, p.left, first);
    visit(tree, p.right, first + half);
  }

  /**
   * Whether the resolution of child {@code c} holds a node D with D.parent_hash = ParentHash(P, s)
   * and the rest of the resolution is exactly P's unmerged leaves under {@code c}.
   */
  private static boolean linked(RatchetTree tree, ParentNode p, NodeIndex c, NodeIndex s) {
    List<NodeIndex> resolution = tree.resolution(c);
    long first = RatchetTree.firstLeaf(c);
    long end = first + (1L << TreeMath.level(c));
    Set<NodeIndex> unmerged = new HashSet<>();
    for (LeafIndex u : p.unmergedLeaves()) {
      if (u.value() >= first && u.value() < end) {
        unmerged.add(NodeIndex.of(u));
      }
    }
    if (resolution.size() != unmerged.size() + 1) {
      return false;
    }
    NodeIndex candidate = null;
    for (NodeIndex r : resolution) {
      if (!unmerged.contains(r)) {
        if (candidate != null) {
          return false;
        }
        candidate = r;
      }
    }
    if (candidate == null) {
      return false;
    }
    Optional<Bytes> declared = declaredParentHash(tree, candidate);
    return declared.isPresent() && declared.get().equals(tree.parentHashOf(p, s));
  }

  /** The parent_hash field of a node: a parent's, or a leaf's whose source is commit. */
  private static Optional<Bytes> declaredParentHash(RatchetTree tree, NodeIndex d) {
    if (d.isLeaf()) {
      Optional<LeafNode> leaf = tree.leaf(d.toLeaf());
      return leaf.filter(l -> l.source() == LeafNodeSource.COMMIT).flatMap(LeafNode::parentHash);
    }
    return tree.parent(d).map(ParentNode::parentHash);
  }
}
