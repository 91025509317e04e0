package org.mlsmesh.protocol.keypackage;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;

/** The signature labels of RFC 9420 §7.2 and §10, and signing with them. */
final class KeyPackageSigning {
  static final String LEAF_NODE_LABEL = "LeafNodeTBS";
  static final String KEY_PACKAGE_LABEL = "KeyPackageTBS";

  private KeyPackageSigning() {}

  /** {@code leaf} with its signature replaced by SignWithLabel(., "LeafNodeTBS", LeafNodeTBS). */
  static LeafNode signLeaf(CryptoProvider crypto, Secret signaturePrivateKey, LeafNode leaf) {
    Bytes signature = crypto.signWithLabel(signaturePrivateKey, LEAF_NODE_LABEL, leaf.tbs());
    return new LeafNode(
        leaf.encryptionKey(),
        leaf.signatureKey(),
        leaf.credential(),
        leaf.capabilities(),
        leaf.source(),
        leaf.lifetime(),
        leaf.parentHash(),
        leaf.extensions(),
        signature);
  }

  /** {@code keyPackage} with its signature replaced by SignWithLabel(., "KeyPackageTBS", ...). */
  static KeyPackage sign(CryptoProvider crypto, Secret signaturePrivateKey, KeyPackage keyPackage) {
    Bytes signature =
        crypto.signWithLabel(signaturePrivateKey, KEY_PACKAGE_LABEL, keyPackage.tbs());
    return new KeyPackage(
        keyPackage.version(),
        keyPackage.cipherSuite(),
        keyPackage.initKey(),
        keyPackage.leafNode(),
        keyPackage.extensions(),
        signature);
  }
}
