package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/** The persistent ratchet tree: adds, removes, updates, hashes and sharing (RFC 9420 §7). */
class RatchetTreeTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  /** The tree hash of the same nodes decoded afresh, with nothing memoized. */
  private static Bytes freshHash(RatchetTree tree) throws ValidationException {
    return RatchetTree.fromNodes(tree.suite(), tree.toNodes()).treeHash();
  }

  @Test
  void addsFillTheLeftmostBlankAndExtendWhenFull() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 3);
    assertThat(group.tree.leafCount()).isEqualTo(4);
    assertThat(group.tree.memberCount()).isEqualTo(3);
    group.remove(LeafIndex.of(1));
    assertThat(group.add()).isEqualTo(LeafIndex.of(1));
    assertThat(group.add()).isEqualTo(LeafIndex.of(3));
    assertThat(group.add()).isEqualTo(LeafIndex.of(4));
    assertThat(group.tree.leafCount()).isEqualTo(8);
    assertThat(group.tree.treeHash()).isEqualTo(freshHash(group.tree));
  }

  @Test
  void addsAreUnmergedAtNonBlankAncestors() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 3, 0);
    LeafIndex added = group.add();
    assertThat(added).isEqualTo(LeafIndex.of(3));
    // Leaf 0's commit set nodes 1 and 3; node 5 (above leaves 2 and 3) stayed blank.
    assertThat(group.tree.parent(NodeIndex.of(3)).orElseThrow().unmergedLeaves())
        .containsExactly(added);
    assertThat(group.tree.parent(NodeIndex.of(5))).isEmpty();
    assertThat(group.tree.resolution(NodeIndex.of(3)))
        .containsExactly(NodeIndex.of(3), NodeIndex.of(6));
    group.validate();
  }

  @Test
  void removeBlanksThePathAndTruncates() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 5, 4);
    assertThat(group.tree.leafCount()).isEqualTo(8);
    group.remove(LeafIndex.of(4));
    assertThat(group.tree.leafCount()).isEqualTo(4);
    assertThat(group.tree.parent(NodeIndex.of(3))).isEmpty();
    assertThat(group.tree.treeHash()).isEqualTo(freshHash(group.tree));
    group.remove(LeafIndex.of(3));
    group.remove(LeafIndex.of(2));
    assertThat(group.tree.leafCount()).isEqualTo(2);
    group.remove(LeafIndex.of(1));
    assertThat(group.tree.leafCount()).isEqualTo(1);
    assertThat(group.tree.toNodes().nodes()).hasSize(1);
    group.validate();
  }

  @Test
  void updateReplacesTheLeafAndBlanksItsPath() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 4, 0);
    RatchetTree before = group.tree;
    var signature = group.signatureKeys.get(2L);
    var encryption = SUITE.crypto().generateKeyPair(group.random);
    var leaf = group.keyPackageLeaf(signature, encryption);
    RatchetTree after = before.updateLeaf(LeafIndex.of(2), leaf);
    assertThat(after.leaf(LeafIndex.of(2))).contains(leaf);
    assertThat(after.parent(NodeIndex.of(3))).isEmpty();
    assertThat(after.parent(NodeIndex.of(1))).isEqualTo(before.parent(NodeIndex.of(1)));
    assertThat(before.parent(NodeIndex.of(3))).isPresent();
    assertThat(after.treeHash()).isEqualTo(freshHash(after));
  }

  @Test
  void changesShareUntouchedSubtreesAndTheirHashes() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 8, 0);
    RatchetTree before = group.tree;
    before.treeHash();
    group.commit(LeafIndex.of(7), Set.of());
    RatchetTree after = group.tree;
    // Leaf 7's path is nodes 14, 13, 11, 7; everything left of the root is shared.
    assertThat(after.at(NodeIndex.of(3))).isSameAs(before.at(NodeIndex.of(3)));
    assertThat(after.at(NodeIndex.of(9))).isSameAs(before.at(NodeIndex.of(9)));
    assertThat(after.at(NodeIndex.of(11))).isNotSameAs(before.at(NodeIndex.of(11)));
    assertThat(after.treeHash()).isEqualTo(freshHash(after));
    assertThat(before.treeHash()).isEqualTo(freshHash(before));
  }

  @Test
  void wireFormRoundTrips() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 6, 0, 5);
    group.remove(LeafIndex.of(2));
    RatchetTreeNodes nodes = group.tree.toNodes();
    RatchetTree decoded = RatchetTree.fromNodes(SUITE, nodes);
    assertThat(decoded.toNodes()).isEqualTo(nodes);
    assertThat(decoded.treeHash()).isEqualTo(group.tree.treeHash());
    assertThat(decoded.members()).isEqualTo(group.tree.members());
    for (long i = 0; i < decoded.nodeWidth(); i++) {
      assertThat(decoded.resolution(NodeIndex.of(i)))
          .isEqualTo(group.tree.resolution(NodeIndex.of(i)));
    }
  }

  @Test
  void filteredDirectPathSkipsNodesWithAnEmptyCopathResolution() throws Exception {
    // RFC 9420 §4.1.2, figure "A Complete Tree with Five Members": A B _ _ E F G _
    TestGroup group = TestGroup.of(SUITE, 8);
    group.remove(LeafIndex.of(2));
    group.remove(LeafIndex.of(3));
    group.remove(LeafIndex.of(7));
    RatchetTree tree = group.tree;
    assertThat(tree.filteredDirectPath(LeafIndex.of(0)))
        .containsExactly(NodeIndex.of(1), NodeIndex.of(7));
    assertThat(tree.filteredDirectPath(LeafIndex.of(4)))
        .containsExactly(NodeIndex.of(9), NodeIndex.of(11), NodeIndex.of(7));
    assertThat(tree.filteredDirectPath(LeafIndex.of(6)))
        .containsExactly(NodeIndex.of(11), NodeIndex.of(7));
  }

  @Test
  @Covers(ValidationCode.TREE_SHAPE_INVALID)
  void malformedTreesAreRejected() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 2);
    List<Optional<Node>> nodes = new ArrayList<>(group.tree.toNodes().nodes());
    assertThat(shapeError(List.of()).code()).isEqualTo(ValidationCode.TREE_SHAPE_INVALID);

    List<Optional<Node>> blankLast = new ArrayList<>(nodes);
    blankLast.add(Optional.empty());
    assertThat(shapeError(blankLast).getMessage()).contains("blank");

    List<Optional<Node>> leafAsParent = new ArrayList<>(nodes);
    leafAsParent.set(1, nodes.get(0));
    assertThat(shapeError(leafAsParent).code()).isEqualTo(ValidationCode.TREE_SHAPE_INVALID);
  }

  private static ValidationException shapeError(List<Optional<Node>> nodes) {
    return catchThrowableOfType(
        () -> RatchetTree.fromNodes(SUITE, new RatchetTreeNodes(nodes)), ValidationException.class);
  }

  @Test
  void removingABlankLeafIsABug() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 3);
    assertThatThrownBy(() -> group.tree.removeLeaf(LeafIndex.of(3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> group.tree.removeLeaf(LeafIndex.of(9)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyIndexCountsKeys() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 5, 0);
    RatchetTree tree = group.tree;
    Bytes leafKey = tree.leaf(LeafIndex.of(3)).orElseThrow().encryptionKey();
    Bytes parentKey = tree.parent(NodeIndex.of(3)).orElseThrow().encryptionKey();
    assertThat(tree.encryptionKeyCount(leafKey)).isEqualTo(1);
    assertThat(tree.containsEncryptionKey(parentKey)).isTrue();
    RatchetTree removed = tree.removeLeaf(LeafIndex.of(3));
    assertThat(removed.containsEncryptionKey(leafKey)).isFalse();
    assertThat(removed.containsEncryptionKey(parentKey)).isFalse();
    assertThat(tree.containsEncryptionKey(leafKey)).isTrue();
  }

  /** The same bytes as the wire form built afresh, with blanks inside and trailing ones cut. */
  private static void assertEncodesAsItsNodes(RatchetTree tree) {
    for (int pass = 0; pass < 2; pass++) { // the second from the memoized leaves
      TlsWriter writer = new TlsWriter();
      tree.encodeNodes(writer);
      assertThat(writer.toBytes()).isEqualTo(tree.toNodes().encoded());
    }
  }

  @Test
  void encodesItsNodesFromMemoizedLeaves() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 5, 4);
    assertEncodesAsItsNodes(group.tree);
    group.remove(LeafIndex.of(1));
    assertEncodesAsItsNodes(group.tree);
    group.remove(LeafIndex.of(4));
    assertEncodesAsItsNodes(group.tree);
    group.add();
    group.add();
    assertEncodesAsItsNodes(group.tree);
  }

  @Test
  void keyIndexHandlesManyKeysAndCollisions() {
    KeyIndex index = KeyIndex.EMPTY;
    List<Bytes> keys = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      keys.add(Bytes.wrap(new byte[] {(byte) i, (byte) (i >> 8), 1}));
    }
    for (Bytes key : keys) {
      index = index.add(key);
    }
    index = index.add(keys.get(7));
    assertThat(index.size()).isEqualTo(5000);
    assertThat(index.count(keys.get(7))).isEqualTo(2);
    for (int i = 0; i < 5000; i += 2) {
      index = index.remove(keys.get(i));
    }
    assertThat(index.size()).isEqualTo(2500);
    assertThat(index.count(keys.get(2))).isZero();
    assertThat(index.count(keys.get(3))).isEqualTo(1);
    assertThat(index.count(Bytes.fromHex("ff"))).isZero();
    Bytes a = Bytes.wrap(new byte[] {0, 31});
    Bytes b = Bytes.wrap(new byte[] {1, 0});
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    index = index.add(a).add(b).add(b);
    assertThat(index.count(a)).isEqualTo(1);
    assertThat(index.count(b)).isEqualTo(2);
    index = index.remove(a);
    assertThat(index.count(a)).isZero();
    assertThat(index.count(b)).isEqualTo(2);
    KeyIndex last = index;
    assertThatThrownBy(() -> last.remove(keys.get(2))).isInstanceOf(IllegalStateException.class);
  }
}
