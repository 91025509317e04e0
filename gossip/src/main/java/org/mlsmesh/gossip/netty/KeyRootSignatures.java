package org.mlsmesh.gossip.netty;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.RootSignatures;

/**
 * Root-term signatures with the node's long-term key (Ed25519 or EC P-256, as its TLS certificate):
 * a signature is the public key (SubjectPublicKeyInfo, whose SHA-256 is the signer's peer id) after
 * its two-byte length, then the signature proper.
 */
final class KeyRootSignatures implements RootSignatures {
  /** Larger than any SubjectPublicKeyInfo of the supported keys. */
  private static final int MAX_KEY_BYTES = 1024;

  private final KeyPair keyPair;
  private final ByteString publicKey;

  KeyRootSignatures(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.publicKey = ByteString.copyFrom(keyPair.getPublic().getEncoded());
  }

  @Override
  public ByteString sign(ByteString message) {
    try {
      Signature s = Signature.getInstance(algorithm(keyPair.getPublic().getAlgorithm()));
      s.initSign(keyPair.getPrivate());
      s.update(message.toByteArray());
      byte[] length = ByteBuffer.allocate(2).putShort((short) publicKey.size()).array();
      return ByteString.copyFrom(length).concat(publicKey).concat(ByteString.copyFrom(s.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the node's key", e);
    }
  }

  @Override
  public boolean verify(PeerId signer, ByteString message, ByteString signature) {
    if (signature.size() < 2) {
      return false;
    }
    int length = ((signature.byteAt(0) & 0xff) << 8) | (signature.byteAt(1) & 0xff);
    if (length > MAX_KEY_BYTES || signature.size() < 2 + length) {
      return false;
    }
    byte[] key = signature.substring(2, 2 + length).toByteArray();
    if (!PeerId.ofPublicKey(key).equals(signer)) {
      return false;
    }
    for (String keyAlgorithm : new String[] {"Ed25519", "EC"}) {
      try {
        PublicKey pub =
            KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(key));
        Signature s = Signature.getInstance(algorithm(keyAlgorithm));
        s.initVerify(pub);
        s.update(message.toByteArray());
        return s.verify(signature.substring(2 + length).toByteArray());
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // not a key of this algorithm (or a malformed signature): try the next
      }
    }
    return false;
  }

  private static String algorithm(String keyAlgorithm) {
    return keyAlgorithm.equals("EC") ? "SHA256withECDSA" : "Ed25519";
  }
}
