package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * The credential support a tree carries over from the tree it was changed from equals the one
 * counted afresh.
 */
class CredentialSupportTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static void assertSameAsCounted(RatchetTree tree, boolean allSupportX509) {
    CredentialSupport carried = tree.credentialSupport();
    CredentialSupport counted = CredentialSupport.of(tree);
    assertThat(carried.typesInUse(Optional.empty()))
        .isEqualTo(counted.typesInUse(Optional.empty()));
    for (int type = 1; type <= 3; type++) {
      assertThat(carried.supportedByAll(type, Optional.empty()))
          .as("type %d", type)
          .isEqualTo(counted.supportedByAll(type, Optional.empty()));
    }
    assertThat(carried.supportedByAll(2, Optional.empty())).isEqualTo(allSupportX509);
  }

  /** {@code leaf} listing basic and X.509 credentials in its capabilities. */
  private static LeafNode supportingX509(LeafNode leaf) {
    Capabilities c = leaf.capabilities();
    return new LeafNode(
        leaf.encryptionKey(),
        leaf.signatureKey(),
        leaf.credential(),
        new Capabilities(
            c.versions(), c.cipherSuites(), c.extensions(), c.proposals(), List.of(1, 2)),
        leaf.source(),
        leaf.lifetime(),
        leaf.parentHash(),
        leaf.extensions(),
        leaf.signature());
  }

  @Test
  void carriedAcrossAddsUpdatesRemovesAndTruncation() throws Exception {
    RatchetTree tree = FullTrees.build(SUITE, 4, 2, false).tree();
    RatchetTree other = FullTrees.build(SUITE, 8, 3, false).tree();
    assertSameAsCounted(tree, false);
    for (long i = 4; i < 8; i++) {
      tree = tree.addLeaf(supportingX509(other.leaf(LeafIndex.of(i)).orElseThrow())).tree();
      assertSameAsCounted(tree, false);
    }
    for (long i = 1; i < 4; i++) {
      tree = tree.removeLeaf(LeafIndex.of(i));
      assertSameAsCounted(tree, false);
    }
    tree =
        tree.updateLeaf(LeafIndex.of(0), supportingX509(other.leaf(LeafIndex.of(0)).orElseThrow()));
    assertSameAsCounted(tree, true);
    tree = tree.updateLeaf(LeafIndex.of(5), other.leaf(LeafIndex.of(1)).orElseThrow());
    assertSameAsCounted(tree, false);
    for (long i = 7; i >= 4; i--) {
      tree = tree.removeLeaf(LeafIndex.of(i));
      assertSameAsCounted(tree, i <= 5);
    }
    assertThat(tree.memberCount()).isEqualTo(1);
    assertThat(tree.leafCount()).isEqualTo(1);
  }
}
