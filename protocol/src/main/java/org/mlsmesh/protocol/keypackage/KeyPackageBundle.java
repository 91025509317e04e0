package org.mlsmesh.protocol.keypackage;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * A freshly created KeyPackage with the private keys only its owner holds: the HPKE private key of
 * {@code init_key} (to open the Welcome) and that of the leaf's {@code encryption_key}. Never
 * prints the private keys; {@link #destroy()} erases them.
 */
public final class KeyPackageBundle implements Destroyable {
  private final KeyPackage keyPackage;
  private final KeyPackageRef ref;
  private final Secret initPrivateKey;
  private final Secret encryptionPrivateKey;

  KeyPackageBundle(
      KeyPackage keyPackage,
      KeyPackageRef ref,
      Secret initPrivateKey,
      Secret encryptionPrivateKey) {
    this.keyPackage = Objects.requireNonNull(keyPackage, "keyPackage");
    this.ref = Objects.requireNonNull(ref, "ref");
    this.initPrivateKey = Objects.requireNonNull(initPrivateKey, "initPrivateKey");
    this.encryptionPrivateKey =
        Objects.requireNonNull(encryptionPrivateKey, "encryptionPrivateKey");
  }

  /**
   * A bundle read back from storage: {@code keyPackage} with copies of its private keys (the caller
   * keeps and destroys its own).
   *
   * @throws IllegalArgumentException when the KeyPackage's cipher suite is not supported, or a
   *     private key does not belong to the KeyPackage's public key
   */
  public static KeyPackageBundle restore(
      KeyPackage keyPackage, Secret initPrivateKey, Secret encryptionPrivateKey) {
    CipherSuite suite =
        CipherSuite.fromId(keyPackage.cipherSuite())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        String.format(
                            "unsupported cipher suite 0x%04x", keyPackage.cipherSuite())));
    CryptoProvider crypto = suite.crypto();
    requireKeyOf(crypto, initPrivateKey, keyPackage.initKey(), "init_key");
    requireKeyOf(
        crypto, encryptionPrivateKey, keyPackage.leafNode().encryptionKey(), "encryption_key");
    return new KeyPackageBundle(
        keyPackage,
        KeyPackageRef.of(suite, keyPackage),
        initPrivateKey.copy(),
        encryptionPrivateKey.copy());
  }

  private static void requireKeyOf(
      CryptoProvider crypto, Secret privateKey, Bytes publicKey, String name) {
    try {
      if (!crypto.hpkePublicKey(privateKey).equals(publicKey)) {
        throw new IllegalArgumentException("the private key does not match " + name);
      }
    } catch (CryptoException e) {
      throw new IllegalArgumentException("not a private key of the suite for " + name, e);
    }
  }

  /** An independent copy: destroying one leaves the other's private keys intact. */
  public KeyPackageBundle copy() {
    return new KeyPackageBundle(
        keyPackage, ref, initPrivateKey.copy(), encryptionPrivateKey.copy());
  }

  /** Whether the KeyPackage may be used more than once (RFC 9420 §16.8). */
  public boolean isLastResort() {
    return LastResort.isLastResort(keyPackage);
  }

  /** The public KeyPackage, ready to publish. */
  public KeyPackage keyPackage() {
    return keyPackage;
  }

  public KeyPackageRef ref() {
    return ref;
  }

  /** The private key of {@code init_key}. */
  public Secret initPrivateKey() {
    return initPrivateKey;
  }

  /** The private key of {@code leaf_node.encryption_key}. */
  public Secret encryptionPrivateKey() {
    return encryptionPrivateKey;
  }

  @Override
  public void destroy() {
    initPrivateKey.destroy();
    encryptionPrivateKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return initPrivateKey.isDestroyed() && encryptionPrivateKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "KeyPackageBundle[" + ref + ", private keys redacted]";
  }
}
