package org.mlsmesh.protocol.tree;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * Validation of a ratchet tree received from a peer (RFC 9420 §12.4.3.1), cheapest checks first,
 * each failing with its own {@link ValidationCode}. Linear in the size of the tree.
 */
final class TreeValidator {
  private TreeValidator() {}

  static void validate(
      RatchetTree tree,
      Bytes expectedTreeHash,
      LeafNodeValidator leaves,
      LeafValidationContext context)
      throws ValidationException {
    Bytes actual = tree.treeHash();
    if (!actual.equals(expectedTreeHash)) {
      throw new ValidationException(
          ValidationCode.TREE_HASH_MISMATCH, "expected " + expectedTreeHash + ", got " + actual);
    }
    checkParents(tree, tree.rootSubtree(), 0);
    tree.verifyParentHashes();
    for (LeafIndex member : tree.members()) {
      LeafNode leaf = tree.leaf(member).orElseThrow();
      leaves.validateInTree(tree, member, leaf, context);
    }
  }

  /** Unmerged leaves (§7.1, §12.4.3.1) and the uniqueness of parent encryption keys. */
  private static void checkParents(RatchetTree tree, Subtree s, long first)
      throws ValidationException {
    if (s.occupied == 0 || s instanceof Subtree.Leaf) {
      return;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    if (p.value().isPresent()) {
      NodeIndex index = NodeIndex.of(s.nodeIndex(first));
      ParentNode node = p.value().get();
      if (tree.encryptionKeyCount(node.encryptionKey()) > 1) {
        throw new ValidationException(
            ValidationCode.ENCRYPTION_KEY_DUPLICATE, "key of " + index + " appears elsewhere");
      }
      checkUnmerged(tree, index, node.unmergedLeaves(), first, first + s.capacity());
    }
    checkParents(tree, p.left, first);
    checkParents(tree, p.right, first + (1L << (s.level - 1)));
  }

  private static void checkUnmerged(
      RatchetTree tree, NodeIndex parent, List<LeafIndex> unmerged, long first, long end)
      throws ValidationException {
    long previous = -1;
    for (LeafIndex u : unmerged) {
      if (u.value() <= previous) {
        throw unmergedInvalid(parent, "unmerged leaves are not in increasing order");
      }
      previous = u.value();
      if (u.value() < first || u.value() >= end) {
        throw unmergedInvalid(parent, u + " is not below it");
      }
      if (tree.leaf(u).isEmpty()) {
        throw unmergedInvalid(parent, u + " is blank");
      }
      for (NodeIndex between : tree.directPath(u)) {
        if (between.equals(parent)) {
          break;
        }
        Optional<ParentNode> node = tree.parent(between);
        if (node.isPresent() && Collections.binarySearch(node.get().unmergedLeaves(), u) < 0) {
          throw unmergedInvalid(parent, u + " is not unmerged at " + between + " in between");
        }
      }
    }
  }

  private static ValidationException unmergedInvalid(NodeIndex parent, String detail) {
    return new ValidationException(
        ValidationCode.UNMERGED_LEAF_INVALID, "at " + parent + ": " + detail);
  }
}
