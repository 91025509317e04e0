package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.message.UpdatePathNode;

/** TreeKEM (RFC 9420 §7.4–§7.6): UpdatePaths created, applied, and rejected. */
class TreeKemTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void everyMemberFollowsEveryCommit(CipherSuite suite) throws Exception {
    TestGroup group = TestGroup.of(suite, 6, 0, 4);
    group.remove(LeafIndex.of(1));
    LeafIndex joiner = group.add();
    LeafIndex other = group.add();
    // A commit that adds two members: nothing is encrypted to them, they get a Welcome path secret.
    group.commit(LeafIndex.of(5), Set.of(joiner, other));
    group.commit(LeafIndex.of(joiner.value()), Set.of());
    group.commit(LeafIndex.of(3), Set.of());
    for (var entry : group.keys.entrySet()) {
      assertThat(entry.getValue().matches(group.tree))
          .as("keys of leaf " + entry.getKey())
          .isTrue();
      // Every member knows the root key.
      assertThat(entry.getValue().privateKey(group.tree.rootIndex())).isPresent();
    }
    group.validate();
  }

  @Test
  void keysAreOwnedPerInstanceAndDestroyed() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 4, 0);
    TreePrivateKeys before = group.keys.get(2L);
    Secret rootKey = before.privateKey(group.tree.rootIndex()).orElseThrow();
    CreatedUpdatePath created = group.commit(LeafIndex.of(1), Set.of());
    assertThat(before.isDestroyed()).isTrue();
    assertThat(rootKey.isDestroyed()).isTrue();
    assertThat(group.keys.get(2L).privateKey(group.tree.rootIndex())).isPresent();
    created.destroy();
    assertThat(created.isDestroyed()).isTrue();
  }

  @Test
  void creationExcludesJoinersFromEncryption() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 3, 0);
    LeafIndex joiner = group.add();
    CreatedUpdatePath created =
        TreeKem.createUpdatePath(
            group.tree,
            LeafIndex.of(0),
            group.tree.leaf(LeafIndex.of(0)).orElseThrow(),
            group.signatureKeys.get(0L).privateKey(),
            group.context(),
            Set.of(joiner),
            group.random);
    // Path of leaf 0: node 1 (copath leaf 1), node 3 (copath node 5 = leaf 2, joiner at leaf 3).
    List<UpdatePathNode> nodes = created.updatePath().nodes();
    assertThat(nodes).hasSize(2);
    assertThat(nodes.get(1).encryptedPathSecret()).hasSize(1);
    assertThat(created.pathSecretFor(joiner)).isPresent();
    assertThat(created.groupContext().treeHash()).isEqualTo(created.tree().treeHash());
  }

  @Test
  void externalJoinerCommitsFromAReservedBlankLeaf() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 4, 0);
    AddedLeaf reserved = group.tree.reserveFreeLeaf();
    assertThat(reserved.index()).isEqualTo(LeafIndex.of(4));
    assertThat(reserved.tree().leafCount()).isEqualTo(8);
    assertThat(reserved.tree().leaf(reserved.index())).isEmpty();
    var signature = SUITE.crypto().generateSignatureKeyPair(group.random);
    var template = group.keyPackageLeaf(signature, SUITE.crypto().generateKeyPair(group.random));
    CreatedUpdatePath created =
        TreeKem.createUpdatePath(
            reserved.tree(),
            reserved.index(),
            template,
            signature.privateKey(),
            group.context(),
            Set.of(),
            group.random);
    group
        .validator()
        .validateForCommit(
            reserved.tree(),
            reserved.index(),
            created.updatePath().leafNode(),
            group.leafContext());
    for (long member = 0; member < 4; member++) {
      AppliedUpdatePath applied =
          TreeKem.applyUpdatePath(
              reserved.tree(),
              reserved.index(),
              created.updatePath(),
              group.keys.get(member),
              group.context(),
              Set.of());
      assertThat(applied.commitSecret()).isEqualTo(created.commitSecret());
      assertThat(applied.tree().treeHash()).isEqualTo(created.tree().treeHash());
      assertThat(applied.privateKeys().matches(applied.tree())).isTrue();
    }
    created.tree().validate(created.tree().treeHash(), group.validator(), group.leafContext());
  }

  /** Leaf 1's error applying a path from leaf 6 in an 8-member group, changed by {@code change}. */
  private static ValidationException applyError(UnaryOperator<UpdatePath> change) throws Exception {
    TestGroup group = TestGroup.of(SUITE, 8, 0);
    CreatedUpdatePath created =
        TreeKem.createUpdatePath(
            group.tree,
            LeafIndex.of(6),
            group.tree.leaf(LeafIndex.of(6)).orElseThrow(),
            group.signatureKeys.get(6L).privateKey(),
            group.context(),
            Set.of(),
            group.random);
    UpdatePath changed = change.apply(created.updatePath());
    return catchThrowableOfType(
        () ->
            TreeKem.applyUpdatePath(
                group.tree,
                LeafIndex.of(6),
                changed,
                group.keys.get(1L),
                group.context(),
                Set.of()),
        ValidationException.class);
  }

  private static UpdatePath withNode(UpdatePath path, int i, UpdatePathNode node) {
    List<UpdatePathNode> nodes = new ArrayList<>(path.nodes());
    nodes.set(i, node);
    return new UpdatePath(path.leafNode(), nodes);
  }

  @Test
  @Covers(ValidationCode.UPDATE_PATH_LENGTH_INVALID)
  void updatePathOfTheWrongLength() throws Exception {
    ValidationException e =
        applyError(path -> new UpdatePath(path.leafNode(), path.nodes().subList(0, 2)));
    assertThat(e.code()).isEqualTo(ValidationCode.UPDATE_PATH_LENGTH_INVALID);
  }

  @Test
  @Covers(ValidationCode.UPDATE_PATH_CIPHERTEXT_COUNT_INVALID)
  void missingCiphertext() throws Exception {
    ValidationException e =
        applyError(
            path -> {
              UpdatePathNode root = path.nodes().get(2);
              return withNode(path, 2, new UpdatePathNode(root.encryptionKey(), List.of()));
            });
    assertThat(e.code()).isEqualTo(ValidationCode.UPDATE_PATH_CIPHERTEXT_COUNT_INVALID);
  }

  @Test
  @Covers(ValidationCode.UPDATE_PATH_PARENT_HASH_MISMATCH)
  void leafParentHashDoesNotMatchThePath() throws Exception {
    Bytes otherKey =
        SUITE
            .crypto()
            .generateKeyPair(new org.mlsmesh.protocol.crypto.SeededEntropySource(1))
            .publicKey();
    ValidationException e =
        applyError(
            path -> {
              UpdatePathNode node = path.nodes().get(1);
              return withNode(path, 1, new UpdatePathNode(otherKey, node.encryptedPathSecret()));
            });
    assertThat(e.code()).isEqualTo(ValidationCode.UPDATE_PATH_PARENT_HASH_MISMATCH);
  }

  @Test
  @Covers(ValidationCode.ENCRYPTION_KEY_DUPLICATE)
  void pathKeyAlreadyInTheTree() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 8, 0);
    Bytes taken = group.tree.leaf(LeafIndex.of(2)).orElseThrow().encryptionKey();
    ValidationException e =
        applyError(
            path ->
                withNode(
                    path, 0, new UpdatePathNode(taken, path.nodes().get(0).encryptedPathSecret())));
    assertThat(e.code()).isEqualTo(ValidationCode.ENCRYPTION_KEY_DUPLICATE);
  }

  @Test
  @Covers(ValidationCode.PATH_SECRET_UNDECRYPTABLE)
  void corruptedCiphertext() throws Exception {
    // Leaf 1 decrypts at the root (node 7), whose copath child is node 3: ciphertext 0.
    ValidationException e =
        applyError(
            path -> {
              UpdatePathNode root = path.nodes().get(2);
              HpkeCiphertext c = root.encryptedPathSecret().get(0);
              byte[] bytes = c.ciphertext().toByteArray();
              bytes[0] ^= 1;
              return withNode(
                  path,
                  2,
                  new UpdatePathNode(
                      root.encryptionKey(),
                      List.of(new HpkeCiphertext(c.kemOutput(), Bytes.wrap(bytes)))));
            });
    assertThat(e.code()).isEqualTo(ValidationCode.PATH_SECRET_UNDECRYPTABLE);
  }

  @Test
  @Covers(ValidationCode.UPDATE_PATH_KEY_MISMATCH)
  void pathSecretThatDoesNotGiveTheAdvertisedKeys() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 8, 0);
    LeafIndex sender = LeafIndex.of(6);
    CreatedUpdatePath created =
        TreeKem.createUpdatePath(
            group.tree,
            sender,
            group.tree.leaf(sender).orElseThrow(),
            group.signatureKeys.get(6L).privateKey(),
            group.context(),
            Set.of(),
            group.random);
    // A malicious committer encrypts some other secret to node 3, whose key leaf 1 holds.
    TlsWriter context = new TlsWriter();
    created.groupContext().encode(context);
    HpkeCiphertext wrong =
        SUITE
            .crypto()
            .encryptWithLabel(
                group.tree.parent(NodeIndex.of(3)).orElseThrow().encryptionKey(),
                "UpdatePathNode",
                context.toBytes(),
                Bytes.fromHex("11".repeat(32)),
                group.random);
    UpdatePath path = created.updatePath();
    UpdatePath changed =
        withNode(path, 2, new UpdatePathNode(path.nodes().get(2).encryptionKey(), List.of(wrong)));
    ValidationException e =
        catchThrowableOfType(
            () ->
                TreeKem.applyUpdatePath(
                    group.tree, sender, changed, group.keys.get(1L), group.context(), Set.of()),
            ValidationException.class);
    assertThat(e.code()).isEqualTo(ValidationCode.UPDATE_PATH_KEY_MISMATCH);
  }

  @Test
  @Covers(ValidationCode.UPDATE_PATH_KEY_MISMATCH)
  void welcomePathSecretThatDoesNotMatch() throws Exception {
    TestGroup group = TestGroup.of(SUITE, 4, 0);
    ValidationException e =
        catchThrowableOfType(
            () ->
                TreeKem.applyWelcomePathSecret(
                    group.tree,
                    LeafIndex.of(0),
                    group.keys.get(3L),
                    Secret.of(Bytes.fromHex("22".repeat(32)))),
            ValidationException.class);
    assertThat(e.code()).isEqualTo(ValidationCode.UPDATE_PATH_KEY_MISMATCH);
  }
}
