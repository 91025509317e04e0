package org.mlsmesh.protocol.conformance;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.tree.NodeIndex;
import org.mlsmesh.protocol.tree.TreeMath;

/** The {@code tree-math} vectors: node width, root, and each node's relatives (Appendix C). */
public final class TreeMathCheck implements VectorCheck {
  @Override
  public String kind() {
    return "tree-math";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    long leaves = vector.numberIn("n_leaves", 1, TreeMath.MAX_LEAVES);
    long width = TreeMath.nodeWidth(leaves);
    VectorCase.expectEqual("n_nodes", vector.number("n_nodes"), width);
    NodeIndex root = TreeMath.root(leaves);
    VectorCase.expectEqual("root", vector.number("root"), root.value());
    compare(
        vector, "left", width, x -> x.isLeaf() ? Optional.empty() : Optional.of(TreeMath.left(x)));
    compare(
        vector,
        "right",
        width,
        x -> x.isLeaf() ? Optional.empty() : Optional.of(TreeMath.right(x, leaves)));
    compare(
        vector,
        "parent",
        width,
        x -> x.equals(root) ? Optional.empty() : Optional.of(TreeMath.parent(x, leaves)));
    compare(
        vector,
        "sibling",
        width,
        x -> x.equals(root) ? Optional.empty() : Optional.of(TreeMath.sibling(x, leaves)));
  }

  /** Compares one relation over every node; JSON null stands for "undefined". */
  private static void compare(VectorCase vector, String field, long width, Relation relation)
      throws VectorMismatch {
    List<?> expected = vector.list(field);
    VectorCase.expectEqual(field + " length", width, (long) expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Object raw = expected.get(i);
      Optional<Long> want;
      if (raw == null) {
        want = Optional.empty();
      } else if (raw instanceof Number) {
        want = Optional.of(((Number) raw).longValue());
      } else {
        throw new VectorMismatch(field + "[" + i + "] is neither a number nor null");
      }
      Optional<Long> got = relation.at(NodeIndex.of(i)).map(NodeIndex::value);
      VectorCase.expectEqual(field + "[" + i + "]", want, got);
    }
  }

  /** A node relation, empty where undefined. */
  @FunctionalInterface
  private interface Relation {
    Optional<NodeIndex> at(NodeIndex x);
  }
}
