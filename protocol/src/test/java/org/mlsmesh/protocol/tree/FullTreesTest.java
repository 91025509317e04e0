package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.message.GroupContext;

/** The synthetic trees of the benchmarks are valid, and TreeKEM works on them (small sizes). */
class FullTreesTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void syntheticTreesAreValidAndUsable() throws Exception {
    for (long members : List.of(1L, 2L, 5L, 64L, 100L)) {
      checkTreeKem(FullTrees.build(SUITE, members, 3, false), members);
      FullTrees.Built built = FullTrees.build(SUITE, members, 3);
      RatchetTree tree = built.tree();
      assertThat(tree.memberCount()).isEqualTo(members);
      tree.validate(
          tree.treeHash(),
          new LeafNodeValidator(SUITE, TestGroup.ACCEPT_ALL),
          new LeafValidationContext(FullTrees.GROUP_ID, List.of(), List.of(), List.of(), 0, false));
      checkTreeKem(built, members);
    }
  }

  private static void checkTreeKem(FullTrees.Built built, long members) throws Exception {
    RatchetTree tree = built.tree();
    if (members >= 2) {
      GroupContext context =
          new GroupContext(
              1, SUITE.id(), FullTrees.GROUP_ID, 5, Bytes.EMPTY, Bytes.EMPTY, List.of());
      CreatedUpdatePath created =
          TreeKem.createUpdatePath(
              tree,
              LeafIndex.of(0),
              tree.leaf(LeafIndex.of(0)).orElseThrow(),
              built.committerSignature().privateKey(),
              context,
              Set.of(),
              new SeededEntropySource(9));
      AppliedUpdatePath applied =
          TreeKem.applyUpdatePath(
              tree, LeafIndex.of(0), created.updatePath(), built.receiver(), context, Set.of());
      assertThat(applied.commitSecret()).isEqualTo(created.commitSecret());
      assertThat(applied.tree().treeHash()).isEqualTo(created.tree().treeHash());
      created.tree().verifyParentHashes();
    }
  }
}
