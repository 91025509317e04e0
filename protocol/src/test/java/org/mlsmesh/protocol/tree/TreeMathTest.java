package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TreeMathTest {
  private static NodeIndex n(long value) {
    return NodeIndex.of(value);
  }

  @Test
  void oneLeafTreeIsJustTheRoot() {
    assertThat(TreeMath.nodeWidth(1)).isEqualTo(1);
    assertThat(TreeMath.root(1)).isEqualTo(n(0));
    assertThat(TreeMath.directPath(n(0), 1)).isEmpty();
    assertThat(TreeMath.copath(n(0), 1)).isEmpty();
    assertThat(TreeMath.commonAncestor(n(0), n(0), 1)).isEqualTo(n(0));
    assertThatThrownBy(() -> TreeMath.parent(n(0), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root");
    assertThatThrownBy(() -> TreeMath.sibling(n(0), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eightLeafTreeMatchesTheRfcFigure() {
    // RFC 9420 Appendix C: 15 nodes, root 7.
    assertThat(TreeMath.nodeWidth(8)).isEqualTo(15);
    assertThat(TreeMath.root(8)).isEqualTo(n(7));
    assertThat(TreeMath.level(n(7))).isEqualTo(3);
    assertThat(TreeMath.left(n(7))).isEqualTo(n(3));
    assertThat(TreeMath.right(n(7), 8)).isEqualTo(n(11));
    assertThat(TreeMath.parent(n(8), 8)).isEqualTo(n(9));
    assertThat(TreeMath.sibling(n(8), 8)).isEqualTo(n(10));
    // RFC 9420 §4.1 figure: leaf E (leaf 4, node 8) has direct path X, Y, W and copath F, Z, U.
    assertThat(TreeMath.directPath(n(8), 8)).containsExactly(n(9), n(11), n(7));
    assertThat(TreeMath.copath(n(8), 8)).containsExactly(n(10), n(13), n(3));
    assertThat(TreeMath.commonAncestor(n(2), n(12), 8)).isEqualTo(n(7));
    assertThat(TreeMath.commonAncestor(n(8), n(10), 8)).isEqualTo(n(9));
    assertThat(TreeMath.commonAncestor(n(11), n(12), 8)).isEqualTo(n(11));
  }

  @Test
  void nonPowerOfTwoTreesAreLeftBalanced() {
    // 3 leaves: nodes 0..4, root 3; leaf 2 (node 4) hangs directly under the root.
    assertThat(TreeMath.nodeWidth(3)).isEqualTo(5);
    assertThat(TreeMath.root(3)).isEqualTo(n(3));
    assertThat(TreeMath.right(n(3), 3)).isEqualTo(n(4));
    assertThat(TreeMath.parent(n(4), 3)).isEqualTo(n(3));
    assertThat(TreeMath.sibling(n(4), 3)).isEqualTo(n(1));
    assertThat(TreeMath.sibling(n(1), 3)).isEqualTo(n(4));
    assertThat(TreeMath.directPath(n(4), 3)).containsExactly(n(3));
    assertThat(TreeMath.directPath(n(0), 3)).containsExactly(n(1), n(3));
    // 5 leaves: root 7, right child collapses to leaf 4 (node 8).
    assertThat(TreeMath.root(5)).isEqualTo(n(7));
    assertThat(TreeMath.right(n(7), 5)).isEqualTo(n(8));
    assertThat(TreeMath.parent(n(8), 5)).isEqualTo(n(7));
    assertThat(TreeMath.commonAncestor(n(8), n(0), 5)).isEqualTo(n(7));
  }

  @Test
  void relationsAreConsistentForManySizes() {
    for (long leaves = 1; leaves <= 70; leaves++) {
      long width = TreeMath.nodeWidth(leaves);
      NodeIndex root = TreeMath.root(leaves);
      for (long i = 0; i < width; i++) {
        NodeIndex x = n(i);
        if (!x.isLeaf()) {
          assertThat(TreeMath.parent(TreeMath.left(x), leaves)).isEqualTo(x);
          assertThat(TreeMath.parent(TreeMath.right(x, leaves), leaves)).isEqualTo(x);
        }
        if (!x.equals(root)) {
          NodeIndex sibling = TreeMath.sibling(x, leaves);
          assertThat(TreeMath.sibling(sibling, leaves)).isEqualTo(x);
          List<NodeIndex> path = TreeMath.directPath(x, leaves);
          assertThat(path).last().isEqualTo(root);
          assertThat(TreeMath.copath(x, leaves)).hasSameSizeAs(path);
        }
        for (long j = 0; j < width; j += 3) {
          assertThat(TreeMath.commonAncestor(x, n(j), leaves))
              .isEqualTo(semanticCommonAncestor(x, n(j), leaves));
        }
      }
    }
  }

  private static NodeIndex semanticCommonAncestor(NodeIndex x, NodeIndex y, long leaves) {
    Set<NodeIndex> ofX = new HashSet<>(TreeMath.directPath(x, leaves));
    ofX.add(x);
    List<NodeIndex> ofY = new ArrayList<>();
    ofY.add(y);
    ofY.addAll(TreeMath.directPath(y, leaves));
    return ofY.stream().filter(ofX::contains).findFirst().orElseThrow();
  }

  @Test
  void largestTreeUsesLongArithmetic() {
    long leaves = TreeMath.MAX_LEAVES;
    assertThat(TreeMath.nodeWidth(leaves)).isEqualTo((1L << 33) - 1);
    assertThat(TreeMath.root(leaves)).isEqualTo(n((1L << 32) - 1));
    NodeIndex last = TreeMath.toNode(LeafIndex.of(0xffffffffL));
    assertThat(last).isEqualTo(n(NodeIndex.MAX));
    assertThat(TreeMath.directPath(last, leaves)).hasSize(32);
    assertThat(TreeMath.sibling(last, leaves)).isEqualTo(n(NodeIndex.MAX - 2));
  }

  @Test
  void leafAndNodeIndicesConvert() {
    assertThat(TreeMath.toNode(LeafIndex.of(5))).isEqualTo(n(10));
    assertThat(TreeMath.toLeaf(n(10))).isEqualTo(LeafIndex.of(5));
    assertThat(TreeMath.isLeaf(n(10))).isTrue();
    assertThat(TreeMath.isLeaf(n(11))).isFalse();
    assertThatThrownBy(() -> TreeMath.toLeaf(n(11))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void argumentErrorsAreRejected() {
    assertThatThrownBy(() -> TreeMath.left(n(4))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.right(n(4), 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.parent(n(7), 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.sibling(n(7), 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.parent(n(15), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> TreeMath.root(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.nodeWidth(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.nodeWidth(TreeMath.MAX_LEAVES + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeIndex.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeIndex.of(NodeIndex.MAX + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TreeMath.nodeWidth(0)).isZero();
  }
}
