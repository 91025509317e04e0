package org.mlsmesh.protocol.keypackage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Lifetime;

/** Test helper: changes any field of a KeyPackage, then rebuilds it with or without re-signing. */
final class KeyPackageEditor {
  int version;
  int cipherSuite;
  Bytes initKey;
  List<Extension> extensions;
  Bytes signature;
  Bytes encryptionKey;
  Bytes signatureKey;
  Credential credential;
  Capabilities capabilities;
  LeafNodeSource source;
  Optional<Lifetime> lifetime;
  List<Extension> leafExtensions;
  Bytes leafSignature;

  private KeyPackageEditor(KeyPackage keyPackage) {
    LeafNode leaf = keyPackage.leafNode();
    version = keyPackage.version();
    cipherSuite = keyPackage.cipherSuite();
    initKey = keyPackage.initKey();
    extensions = keyPackage.extensions();
    signature = keyPackage.signature();
    encryptionKey = leaf.encryptionKey();
    signatureKey = leaf.signatureKey();
    credential = leaf.credential();
    capabilities = leaf.capabilities();
    source = leaf.source();
    lifetime = leaf.lifetime();
    leafExtensions = leaf.extensions();
    leafSignature = leaf.signature();
  }

  static KeyPackageEditor of(KeyPackage keyPackage) {
    return new KeyPackageEditor(keyPackage);
  }

  LeafNode leaf() {
    return new LeafNode(
        encryptionKey,
        signatureKey,
        credential,
        capabilities,
        source,
        lifetime,
        source == LeafNodeSource.COMMIT ? Optional.of(Bytes.EMPTY) : Optional.empty(),
        leafExtensions,
        leafSignature);
  }

  /** The edited KeyPackage with the signatures as they are. */
  KeyPackage keepSignatures() {
    return new KeyPackage(version, cipherSuite, initKey, leaf(), extensions, signature);
  }

  /** The edited KeyPackage, leaf node and KeyPackage signed anew (for source key_package). */
  KeyPackage resign(CipherSuite suite, Secret signaturePrivateKey) {
    LeafNode leaf = KeyPackageSigning.signLeaf(suite.crypto(), signaturePrivateKey, leaf());
    return KeyPackageSigning.sign(
        suite.crypto(),
        signaturePrivateKey,
        new KeyPackage(version, cipherSuite, initKey, leaf, extensions, Bytes.EMPTY));
  }

  KeyPackage resign(KeyPackageFixture fixture) {
    return resign(fixture.suite, fixture.signer.privateKey());
  }
}
