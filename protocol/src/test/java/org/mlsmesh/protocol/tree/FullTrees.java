package org.mlsmesh.protocol.tree;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;

/**
 * Large valid ratchet trees for benchmarks and memory measurements, built directly instead of
 * through n commits: {@code members} leaves from the left, every parent above them non-blank, each
 * parent linked by the parent hash of its left child (as if each left-most leaf had committed
 * last), every leaf signed with its own Ed25519 key. Leaf 0 (the committer of the benchmarks) and
 * leaf 1 have real HPKE key pairs; the other HPKE public keys are random X25519 values.
 */
public final class FullTrees {
  public static final Bytes GROUP_ID = Bytes.fromHex("62656e6368");

  /**
   * A built tree and the keys of leaves 0 and 1 ({@code receiverSignature} is leaf 1's only when
   * every leaf is signed, else leaf 0's).
   */
  public record Built(
      RatchetTree tree,
      SignatureKeyPair committerSignature,
      TreePrivateKeys committer,
      TreePrivateKeys receiver,
      SignatureKeyPair receiverSignature) {}

  private final CipherSuite suite;
  private final CryptoProvider crypto;
  private final EntropySource random;
  private final long members;
  private final Capabilities capabilities;
  private final HpkeKeyPair[] realKeys = new HpkeKeyPair[2];
  private final boolean signed;
  private SignatureKeyPair leaf0Signature;
  private SignatureKeyPair leaf1Signature;

  private FullTrees(CipherSuite suite, long members, long seed, boolean signed) {
    this.signed = signed;
    this.suite = suite;
    this.crypto = suite.crypto();
    this.random = new SeededEntropySource(seed);
    this.members = members;
    this.capabilities =
        new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(), List.of(1));
  }

  /** A tree of {@code members} members, every leaf signed (suites with X25519 only). */
  public static Built build(CipherSuite suite, long members, long seed) throws CryptoException {
    return build(suite, members, seed, true);
  }

  /**
   * A tree of {@code members} members; when {@code signed} is false only leaf 0 has a real
   * signature key and signature (the others have random ones: fast to build, but not valid).
   */
  public static Built build(CipherSuite suite, long members, long seed, boolean signed)
      throws CryptoException {
    if (suite.kem() != CipherSuite.Kem.DHKEM_X25519) {
      throw new IllegalArgumentException("random public keys need X25519: " + suite);
    }
    FullTrees builder = new FullTrees(suite, members, seed, signed);
    int level = 0;
    while ((1L << level) < members) {
      level++;
    }
    builder.realKeys[0] = suite.crypto().generateKeyPair(builder.random);
    builder.realKeys[1] = suite.crypto().generateKeyPair(builder.random);
    Subtree root = builder.build(level, 0, Optional.of(Bytes.EMPTY));
    RatchetTree tree = RatchetTree.fromSubtree(suite, root);
    return new Built(
        tree,
        builder.leaf0Signature,
        TreePrivateKeys.ofLeaf(suite, LeafIndex.of(0), builder.realKeys[0].privateKey()),
        TreePrivateKeys.ofLeaf(suite, LeafIndex.of(1), builder.realKeys[1].privateKey()),
        builder.leaf1Signature != null ? builder.leaf1Signature : builder.leaf0Signature);
  }

  /**
   * The subtree of {@code level} from leaf {@code first} whose head has parent hash {@code
   * parentHash}; empty for a leaf that no parent links to.
   */
  private Subtree build(int level, long first, Optional<Bytes> parentHash) throws CryptoException {
    if (first >= members) {
      return Subtree.blank(level);
    }
    if (level == 0) {
      return new Subtree.Leaf(leaf(first, parentHash));
    }
    long half = 1L << (level - 1);
    if (first + half >= members) {
      // No member on the right: this parent would not exist; its left child takes its place.
      return new Subtree.Parent(
          null, build(level - 1, first, parentHash), Subtree.blank(level - 1));
    }
    ParentNode node =
        new ParentNode(
            Bytes.wrap(random.randomBytes(32)), parentHash.orElse(Bytes.EMPTY), List.of());
    Subtree right = build(level - 1, first + half, Optional.empty());
    Bytes rightHash = right.treeHash(crypto, first + half);
    TlsWriter input = new TlsWriter(128);
    input.vlBytes(node.encryptionKey()).vlBytes(node.parentHash()).vlBytes(rightHash);
    Subtree left = build(level - 1, first, Optional.of(crypto.hash(input.toBytes())));
    return new Subtree.Parent(node, left, right);
  }

  private LeafNode leaf(long index, Optional<Bytes> parentHash) {
    Bytes encryptionKey =
        index < 2 ? realKeys[(int) index].publicKey() : Bytes.wrap(random.randomBytes(32));
    if (!signed && index > 0) {
      return new LeafNode(
          encryptionKey,
          Bytes.wrap(random.randomBytes(32)),
          new BasicCredential(Bytes.wrap(("member " + index).getBytes())),
          capabilities,
          parentHash.isPresent() ? LeafNodeSource.COMMIT : LeafNodeSource.UPDATE,
          Optional.empty(),
          parentHash,
          List.of(),
          Bytes.wrap(random.randomBytes(64)));
    }
    SignatureKeyPair signature = crypto.generateSignatureKeyPair(random);
    if (index == 0) {
      leaf0Signature = signature;
    } else if (index == 1) {
      leaf1Signature = signature;
    }
    LeafNode unsigned =
        new LeafNode(
            encryptionKey,
            signature.publicKey(),
            new BasicCredential(Bytes.wrap(("member " + index).getBytes())),
            capabilities,
            parentHash.isPresent() ? LeafNodeSource.COMMIT : LeafNodeSource.UPDATE,
            Optional.empty(),
            parentHash,
            List.of(),
            Bytes.EMPTY);
    Bytes sig =
        crypto.signWithLabel(
            signature.privateKey(), "LeafNodeTBS", unsigned.tbs(GROUP_ID, LeafIndex.of(index)));
    return new LeafNode(
        unsigned.encryptionKey(),
        unsigned.signatureKey(),
        unsigned.credential(),
        unsigned.capabilities(),
        unsigned.source(),
        unsigned.lifetime(),
        unsigned.parentHash(),
        unsigned.extensions(),
        sig);
  }
}
