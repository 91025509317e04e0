package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.LeafNode;

/** Validation of a received ratchet tree (RFC 9420 §12.4.3.1), one broken rule at a time. */
class TreeValidationTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;

  /**
   * 8 members, commits from 0, 5 and 3; leaf 2 removed, a commit from 1, and a new member at leaf
   * 2, unmerged at nodes 3 and 7.
   */
  private static TestGroup group() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 8, 0, 5, 3);
    group.remove(LeafIndex.of(2));
    group.commit(LeafIndex.of(1), Set.of());
    group.add();
    return group;
  }

  /** The error of validating {@code group}'s tree with node {@code x} changed by {@code change}. */
  private static ValidationException error(TestGroup group, long x, UnaryOperator<Node> change)
      throws Exception {
    List<Optional<Node>> nodes = new ArrayList<>(group.tree.toNodes().nodes());
    nodes.set((int) x, Optional.of(change.apply(nodes.get((int) x).orElseThrow())));
    RatchetTree tampered = RatchetTree.fromNodes(SUITE, new RatchetTreeNodes(nodes));
    return catchThrowableOfType(
        () -> tampered.validate(tampered.treeHash(), group.validator(), group.leafContext()),
        ValidationException.class);
  }

  private static Node parentWith(Node node, UnaryOperator<ParentNode> change) {
    return Node.parent(change.apply(((Node.Parent) node).parentNode()));
  }

  @Test
  void aTreeBuiltByTheProtocolIsValid() throws Exception {
    TestGroup group = group();
    assertThat(group.tree.parent(NodeIndex.of(3)).orElseThrow().unmergedLeaves()).isNotEmpty();
    group.validate();
  }

  @Test
  @Covers(ValidationCode.TREE_HASH_MISMATCH)
  void treeHashMismatch() throws Exception {
    TestGroup group = group();
    ValidationException e =
        catchThrowableOfType(
            () ->
                group.tree.validate(
                    Bytes.fromHex("00".repeat(32)), group.validator(), group.leafContext()),
            ValidationException.class);
    assertThat(e.code()).isEqualTo(ValidationCode.TREE_HASH_MISMATCH);
  }

  @Test
  @Covers(ValidationCode.LEAF_SIGNATURE_INVALID)
  void badLeafSignature() throws Exception {
    // Adds only: no parent node, so no parent hash covers the tampered leaf.
    TestGroup group = TestGroup.of(SUITE, 3);
    ValidationException e =
        error(
            group,
            2,
            node -> {
              LeafNode l = ((Node.Leaf) node).leafNode();
              byte[] sig = l.signature().toByteArray();
              sig[sig.length - 1] ^= 1;
              return Node.leaf(
                  new LeafNode(
                      l.encryptionKey(),
                      l.signatureKey(),
                      l.credential(),
                      l.capabilities(),
                      l.source(),
                      l.lifetime(),
                      l.parentHash(),
                      l.extensions(),
                      Bytes.wrap(sig)));
            });
    assertThat(e.code()).isEqualTo(ValidationCode.LEAF_SIGNATURE_INVALID);
  }

  @Test
  @Covers(ValidationCode.PARENT_HASH_INVALID)
  void brokenParentHashChain() throws Exception {
    TestGroup group = group();
    ValidationException e =
        error(
            group,
            1,
            node ->
                parentWith(
                    node,
                    p ->
                        new ParentNode(
                            p.encryptionKey(), Bytes.fromHex("0badba5e"), p.unmergedLeaves())));
    assertThat(e.code()).isEqualTo(ValidationCode.PARENT_HASH_INVALID);
    assertThat(e.getMessage()).contains("node 3");
  }

  @Test
  @Covers(ValidationCode.PARENT_HASH_INVALID)
  void aParentKeyNobodyChainsTo() throws Exception {
    TestGroup group = group();
    Bytes otherKey = SUITE.crypto().generateKeyPair(group.random).publicKey();
    ValidationException e =
        error(
            group,
            7,
            node ->
                parentWith(
                    node, p -> new ParentNode(otherKey, p.parentHash(), p.unmergedLeaves())));
    assertThat(e.code()).isEqualTo(ValidationCode.PARENT_HASH_INVALID);
  }

  @Test
  @Covers(ValidationCode.UNMERGED_LEAF_INVALID)
  void unmergedLeafThatShouldNotBeThere() throws Exception {
    TestGroup group = group();
    // Leaf 0 knows node 3's key (leaf 1 committed it) and node 1 between them lacks the entry.
    ValidationException e =
        error(
            group,
            3,
            node ->
                parentWith(
                    node,
                    p -> {
                      List<LeafIndex> unmerged = new ArrayList<>(p.unmergedLeaves());
                      unmerged.add(0, LeafIndex.of(0));
                      return new ParentNode(p.encryptionKey(), p.parentHash(), unmerged);
                    }));
    assertThat(e.code()).isEqualTo(ValidationCode.UNMERGED_LEAF_INVALID);
  }

  @Test
  @Covers(ValidationCode.UNMERGED_LEAF_INVALID)
  void unmergedLeafOutsideTheSubtreeOrUnsorted() throws Exception {
    TestGroup group = group();
    ValidationException outside =
        error(
            group,
            3,
            node ->
                parentWith(
                    node,
                    p ->
                        new ParentNode(
                            p.encryptionKey(), p.parentHash(), List.of(LeafIndex.of(5)))));
    assertThat(outside.code()).isEqualTo(ValidationCode.UNMERGED_LEAF_INVALID);
    ValidationException unsorted =
        error(
            group,
            7,
            node ->
                parentWith(
                    node,
                    p ->
                        new ParentNode(
                            p.encryptionKey(),
                            p.parentHash(),
                            List.of(LeafIndex.of(6), LeafIndex.of(3)))));
    assertThat(unsorted.code()).isEqualTo(ValidationCode.UNMERGED_LEAF_INVALID);
  }

  @Test
  @Covers(ValidationCode.ENCRYPTION_KEY_DUPLICATE)
  void duplicatedEncryptionKey() throws Exception {
    TestGroup group = group();
    Bytes leafKey = group.tree.leaf(LeafIndex.of(4)).orElseThrow().encryptionKey();
    ValidationException e =
        error(
            group,
            1,
            node ->
                parentWith(node, p -> new ParentNode(leafKey, p.parentHash(), p.unmergedLeaves())));
    assertThat(e.code()).isEqualTo(ValidationCode.ENCRYPTION_KEY_DUPLICATE);
  }
}
