package org.mlsmesh.protocol.tree;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Lifetime;

/**
 * A small group for tests: the public tree, and every member's signature key and tree private keys,
 * changed through the public API (adds, removes, commits with UpdatePaths).
 */
final class TestGroup {
  static final Bytes GROUP_ID = Bytes.fromHex("67726f7570");
  static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};

  final CipherSuite suite;
  final EntropySource random;
  RatchetTree tree;
  final Map<Long, SignatureKeyPair> signatureKeys = new TreeMap<>();
  final Map<Long, TreePrivateKeys> keys = new TreeMap<>();
  private int created;

  TestGroup(CipherSuite suite, long seed) {
    this.suite = suite;
    this.random = new SeededEntropySource(seed);
  }

  /** A group of {@code members} members after one commit from each of {@code committers}. */
  static TestGroup of(CipherSuite suite, int members, int... committers) throws Exception {
    TestGroup group = new TestGroup(suite, 7);
    for (int i = 0; i < members; i++) {
      group.add();
    }
    for (int committer : committers) {
      group.commit(LeafIndex.of(committer), Set.of());
    }
    return group;
  }

  static Capabilities capabilities(CipherSuite suite) {
    return new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(), List.of(1));
  }

  /** A KeyPackage leaf node with fresh keys; its HPKE key pair is returned through {@code out}. */
  LeafNode keyPackageLeaf(SignatureKeyPair signature, HpkeKeyPair encryption) {
    return keyPackageLeaf(
        signature, encryption, capabilities(suite), List.of(), new Lifetime(0, -1L));
  }

  LeafNode keyPackageLeaf(
      SignatureKeyPair signature,
      HpkeKeyPair encryption,
      Capabilities capabilities,
      List<Extension> extensions,
      Lifetime lifetime) {
    LeafNode unsigned =
        new LeafNode(
            encryption.publicKey(),
            signature.publicKey(),
            new BasicCredential(Bytes.wrap(("member " + created++).getBytes())),
            capabilities,
            LeafNodeSource.KEY_PACKAGE,
            Optional.of(lifetime),
            Optional.empty(),
            extensions,
            Bytes.EMPTY);
    return signed(unsigned, signature, Optional.empty());
  }

  /** {@code leaf} signed with {@code signature}, in this group at {@code at} if given. */
  LeafNode signed(LeafNode leaf, SignatureKeyPair signature, Optional<LeafIndex> at) {
    Bytes tbs = at.isPresent() ? leaf.tbs(GROUP_ID, at.get()) : leaf.tbs();
    Bytes sig = suite.crypto().signWithLabel(signature.privateKey(), "LeafNodeTBS", tbs);
    return new LeafNode(
        leaf.encryptionKey(),
        leaf.signatureKey(),
        leaf.credential(),
        leaf.capabilities(),
        leaf.source(),
        leaf.lifetime(),
        leaf.parentHash(),
        leaf.extensions(),
        sig);
  }

  LeafIndex add() throws CryptoException {
    SignatureKeyPair signature = suite.crypto().generateSignatureKeyPair(random);
    HpkeKeyPair encryption = suite.crypto().generateKeyPair(random);
    AddedLeaf added =
        tree == null
            ? new AddedLeaf(
                RatchetTree.create(suite, keyPackageLeaf(signature, encryption)), LeafIndex.of(0))
            : tree.addLeaf(keyPackageLeaf(signature, encryption));
    tree = added.tree();
    signatureKeys.put(added.index().value(), signature);
    keys.put(
        added.index().value(),
        TreePrivateKeys.ofLeaf(suite, added.index(), encryption.privateKey()));
    return added.index();
  }

  void remove(LeafIndex leaf) {
    tree = tree.removeLeaf(leaf);
    signatureKeys.remove(leaf.value());
    keys.remove(leaf.value()).destroy();
    retainKeys();
  }

  private void retainKeys() {
    for (var entry : keys.entrySet()) {
      TreePrivateKeys kept = entry.getValue().retainedIn(tree);
      entry.getValue().destroy();
      entry.setValue(kept);
    }
  }

  GroupContext context() {
    return new GroupContext(
        GroupContext.MLS10, suite.id(), GROUP_ID, 1, Bytes.EMPTY, Bytes.fromHex("00"), List.of());
  }

  LeafValidationContext leafContext() {
    return new LeafValidationContext(GROUP_ID, List.of(), List.of(), List.of(), 0, false);
  }

  LeafNodeValidator validator() {
    return new LeafNodeValidator(suite, ACCEPT_ALL);
  }

  /** Creates an UpdatePath from {@code from} and applies it at every other member but joiners. */
  CreatedUpdatePath commit(LeafIndex from, Set<LeafIndex> joiners) throws Exception {
    CreatedUpdatePath created =
        TreeKem.createUpdatePath(
            tree,
            from,
            tree.leaf(from).orElseThrow(),
            signatureKeys.get(from.value()).privateKey(),
            context(),
            joiners,
            random);
    for (var entry : keys.entrySet()) {
      LeafIndex member = LeafIndex.of(entry.getKey());
      if (member.equals(from) || joiners.contains(member)) {
        continue;
      }
      AppliedUpdatePath applied =
          TreeKem.applyUpdatePath(
              tree, from, created.updatePath(), entry.getValue(), context(), joiners);
      if (!applied.commitSecret().equals(created.commitSecret())) {
        throw new AssertionError("commit secrets differ at " + member);
      }
      entry.getValue().destroy();
      entry.setValue(applied.privateKeys());
      applied.destroy();
    }
    keys.get(from.value()).destroy();
    keys.put(from.value(), created.privateKeys());
    tree = created.tree();
    for (LeafIndex joiner : joiners) {
      TreePrivateKeys withPath =
          TreeKem.applyWelcomePathSecret(
              tree, from, keys.get(joiner.value()), created.pathSecretFor(joiner).orElseThrow());
      keys.get(joiner.value()).destroy();
      keys.put(joiner.value(), withPath);
    }
    return created;
  }

  void validate() throws ValidationException {
    tree.validate(tree.treeHash(), validator(), leafContext());
  }
}
