package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;

/**
 * The {@code crypto-basics} vectors: RefHash, ExpandWithLabel, DeriveSecret, DeriveTreeSecret,
 * SignWithLabel and EncryptWithLabel of each suite (RFC 9420 §5.1, §5.2, §8, §9).
 */
public final class CryptoBasicsCheck implements VectorCheck {
  @Override
  public String kind() {
    return "crypto-basics";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    CryptoProvider crypto = suite.crypto();
    checkRefHash(crypto, vector.object("ref_hash"));
    checkExpandWithLabel(crypto, vector.object("expand_with_label"));
    checkDeriveSecret(crypto, vector.object("derive_secret"));
    checkDeriveTreeSecret(crypto, vector.object("derive_tree_secret"));
    checkSignWithLabel(crypto, suite, vector.object("sign_with_label"));
    checkEncryptWithLabel(crypto, vector.object("encrypt_with_label"));
  }

  private static void checkRefHash(CryptoProvider crypto, VectorCase v) throws VectorMismatch {
    Bytes out = crypto.refHash(v.string("label"), v.hex("value"));
    VectorCase.expectEqual("ref_hash.out", v.hex("out"), out);
  }

  private static void checkExpandWithLabel(CryptoProvider crypto, VectorCase v)
      throws VectorMismatch {
    Secret out =
        crypto.expandWithLabel(
            Secret.of(v.hex("secret")), v.string("label"), v.hex("context"), v.length("length"));
    VectorCase.expectEqual("expand_with_label.out", v.hex("out"), out.insecureAsBytes());
  }

  private static void checkDeriveSecret(CryptoProvider crypto, VectorCase v) throws VectorMismatch {
    Secret out = crypto.deriveSecret(Secret.of(v.hex("secret")), v.string("label"));
    VectorCase.expectEqual("derive_secret.out", v.hex("out"), out.insecureAsBytes());
  }

  private static void checkDeriveTreeSecret(CryptoProvider crypto, VectorCase v)
      throws VectorMismatch {
    Secret out =
        crypto.deriveTreeSecret(
            Secret.of(v.hex("secret")),
            v.string("label"),
            v.uint32("generation"),
            v.length("length"));
    VectorCase.expectEqual("derive_tree_secret.out", v.hex("out"), out.insecureAsBytes());
  }

  private static void checkSignWithLabel(CryptoProvider crypto, CipherSuite suite, VectorCase v)
      throws VectorMismatch {
    Secret priv = Secret.of(v.hex("priv"));
    Bytes pub = v.hex("pub");
    String label = v.string("label");
    Bytes content = v.hex("content");
    Bytes signature = v.hex("signature");
    try {
      VectorCase.expectEqual(
          "sign_with_label.pub (derived from priv)", pub, crypto.signaturePublicKey(priv));
    } catch (CryptoException e) {
      throw new VectorMismatch("sign_with_label.priv: rejected", e);
    }
    try {
      crypto.verifyWithLabel(pub, label, content, signature);
    } catch (CryptoException e) {
      throw new VectorMismatch("sign_with_label.signature: does not verify", e);
    }
    Bytes own = crypto.signWithLabel(priv, label, content);
    if (isDeterministic(suite.signatureScheme())) {
      VectorCase.expectEqual("sign_with_label.signature (own)", signature, own);
    }
    try {
      crypto.verifyWithLabel(pub, label, content, own);
    } catch (CryptoException e) {
      throw new VectorMismatch("sign_with_label: own signature does not verify", e);
    }
  }

  /** EdDSA signatures are a function of key and message; ECDSA ones depend on the nonce scheme. */
  private static boolean isDeterministic(CipherSuite.SignatureScheme scheme) {
    return switch (scheme) {
      case ED25519, ED448 -> true;
      case ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512 -> false;
    };
  }

  private static void checkEncryptWithLabel(CryptoProvider crypto, VectorCase v)
      throws VectorMismatch {
    Secret priv = Secret.of(v.hex("priv"));
    Bytes pub = v.hex("pub");
    String label = v.string("label");
    Bytes context = v.hex("context");
    Bytes plaintext = v.hex("plaintext");
    HpkeCiphertext given = new HpkeCiphertext(v.hex("kem_output"), v.hex("ciphertext"));
    try {
      VectorCase.expectEqual(
          "encrypt_with_label.pub (derived from priv)", pub, crypto.hpkePublicKey(priv));
    } catch (CryptoException e) {
      throw new VectorMismatch("encrypt_with_label.priv: rejected", e);
    }
    try {
      VectorCase.expectEqual(
          "encrypt_with_label.plaintext (decrypted)",
          plaintext,
          crypto.decryptWithLabel(priv, label, context, given));
    } catch (CryptoException e) {
      throw new VectorMismatch("encrypt_with_label.ciphertext: does not decrypt", e);
    }
    try {
      HpkeCiphertext own =
          crypto.encryptWithLabel(pub, label, context, plaintext, new SeededEntropySource(1));
      VectorCase.expectEqual(
          "encrypt_with_label: own round trip",
          plaintext,
          crypto.decryptWithLabel(priv, label, context, own));
    } catch (CryptoException e) {
      throw new VectorMismatch("encrypt_with_label: own round trip failed", e);
    }
  }
}
