package org.mlsmesh.node.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * Raw Ed25519 keys (RFC 8032: a 32-byte seed and a 32-byte public key) in the DER wrappings the JDK
 * wants for TLS: PKCS#8 and X.509 SubjectPublicKeyInfo (RFC 8410).
 */
final class Ed25519Keys {
  static final int KEY_LENGTH = 32;
  // RFC 8410 §7 and §4: the fixed DER prefixes of an Ed25519 private and public key.
  private static final Bytes PKCS8_PREFIX = Bytes.fromHex("302e020100300506032b657004220420");
  private static final Bytes SPKI_PREFIX = Bytes.fromHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  /** The SubjectPublicKeyInfo of a raw public key; its SHA-256 is the node's peer id. */
  static Bytes subjectPublicKeyInfo(Bytes rawPublicKey) {
    requireLength(rawPublicKey.length());
    return Bytes.concat(SPKI_PREFIX, rawPublicKey);
  }

  /** The JDK key pair of a raw seed and its public key. */
  static KeyPair keyPair(Secret seed, Bytes rawPublicKey) {
    requireLength(seed.length());
    byte[] pkcs8 = Bytes.concat(PKCS8_PREFIX, seed.insecureAsBytes()).toByteArray();
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      return new KeyPair(
          factory.generatePublic(
              new X509EncodedKeySpec(subjectPublicKeyInfo(rawPublicKey).toByteArray())),
          factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required of the JDK", e);
    } finally {
      java.util.Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static void requireLength(int length) {
    if (length != KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 key has 32 bytes, got " + length);
    }
  }
}
