package org.mlsmesh.node.internal.directory;

import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.storage.KeyPackageInfo;
import org.mlsmesh.node.storage.StoredKeyPackage;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;

/**
 * Makes the node's own KeyPackages (RFC 9420 §10) for storage: the public KeyPackage and a private
 * bundle {@code struct { opaque init_priv<V>; opaque encryption_priv<V>; }} that {@link
 * KeyPackagePrivateKeys} reads back when a Welcome consumes it.
 */
final class KeyPackageMint {
  private KeyPackageMint() {}

  /** A fresh KeyPackage of {@code keys}' suite and identity, valid from now for the lifetime. */
  public static StoredKeyPackage mint(
      NodeKeys keys,
      java.time.Duration lifetime,
      boolean lastResort,
      long nowMillis,
      EntropySource random) {
    KeyPackageBuilder builder =
        KeyPackageBuilder.create(keys.suite(), keys.mlsSignatureKey(), keys.credential())
            .validFor(nowMillis, lifetime);
    if (lastResort) {
      builder.lastResort();
    }
    KeyPackageBundle bundle = builder.build(random);
    byte[] init = bundle.initPrivateKey().exposeBytes();
    byte[] encryption = bundle.encryptionPrivateKey().exposeBytes();
    byte[] encoded = new TlsWriter().vlBytes(init).vlBytes(encryption).toBytes().toByteArray();
    java.util.Arrays.fill(init, (byte) 0);
    java.util.Arrays.fill(encryption, (byte) 0);
    Secret privateBundle = Secret.wrap(encoded);
    try {
      return new StoredKeyPackage(
          new KeyPackageInfo(
              bundle.ref().value(), bundle.keyPackage().encoded(), lastResort, nowMillis),
          privateBundle);
    } finally {
      privateBundle.destroy();
      bundle.destroy();
    }
  }
}
