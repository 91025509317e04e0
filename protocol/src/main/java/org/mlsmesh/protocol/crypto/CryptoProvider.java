package org.mlsmesh.protocol.crypto;

import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The primitives of one cipher suite (RFC 9420 §5) and the labeled MLS functions built on them.
 * Implementations are stateless and thread-safe; randomness comes only from the {@link
 * EntropySource} argument.
 */
public interface CryptoProvider {
  CipherSuite suite();

  // --- Hash, MAC, KDF (RFC 9420 §5.1, §8) ---

  Bytes hash(Bytes data);

  /** HMAC with the suite's hash. */
  Bytes mac(Secret key, Bytes data);

  /** KDF.Extract(salt, ikm). */
  Secret extract(Secret salt, Secret ikm);

  /** KDF.Expand(prk, info, length). */
  Secret expand(Secret prk, Bytes info, int length);

  /** ExpandWithLabel(Secret, Label, Context, Length), with the "MLS 1.0 " prefix added here. */
  Secret expandWithLabel(Secret secret, String label, Bytes context, int length);

  /** DeriveSecret(Secret, Label) = ExpandWithLabel(Secret, Label, "", Nh). */
  Secret deriveSecret(Secret secret, String label);

  /** DeriveTreeSecret(Secret, Label, Generation, Length) (RFC 9420 §9). */
  Secret deriveTreeSecret(Secret secret, String label, long generation, int length);

  /** RefHash(Label, Value) (RFC 9420 §5.2). */
  Bytes refHash(String label, Bytes value);

  // --- AEAD ---

  Bytes aeadSeal(Secret key, Secret nonce, Bytes aad, Bytes plaintext);

  Bytes aeadOpen(Secret key, Secret nonce, Bytes aad, Bytes ciphertext) throws CryptoException;

  // --- HPKE base mode (RFC 9180) ---

  /** DeriveKeyPair(ikm) of the suite's KEM. */
  HpkeKeyPair deriveKeyPair(Secret ikm);

  HpkeKeyPair generateKeyPair(EntropySource random);

  /** The public key of an HPKE private key; fails when the private key is invalid. */
  Bytes hpkePublicKey(Secret privateKey) throws CryptoException;

  /** Checks that a serialized KEM public key is a valid point of the suite's group. */
  void validateHpkePublicKey(Bytes publicKey) throws CryptoException;

  /** SealBase with an ephemeral key drawn from {@code random}. */
  HpkeCiphertext hpkeSeal(
      Bytes publicKey, Bytes info, Bytes aad, Bytes plaintext, EntropySource random)
      throws CryptoException;

  Bytes hpkeOpen(Secret privateKey, Bytes info, Bytes aad, HpkeCiphertext ciphertext)
      throws CryptoException;

  /** SetupBaseS(publicKey, info) then Export(exporterContext, length) (RFC 9420 §8.3). */
  HpkeExport hpkeExportSender(
      Bytes publicKey, Bytes info, Bytes exporterContext, int length, EntropySource random)
      throws CryptoException;

  /** SetupBaseR(kemOutput, privateKey, info) then Export(exporterContext, length). */
  Secret hpkeExportReceiver(
      Secret privateKey, Bytes kemOutput, Bytes info, Bytes exporterContext, int length)
      throws CryptoException;

  /** EncryptWithLabel(PublicKey, Label, Context, Plaintext) (RFC 9420 §5.1.3). */
  HpkeCiphertext encryptWithLabel(
      Bytes publicKey, String label, Bytes context, Bytes plaintext, EntropySource random)
      throws CryptoException;

  /**
   * EncryptWithLabel of each plaintext to the public key at the same position, all with one label
   * and context, drawing the ephemeral keys from {@code random} in order: the same ciphertexts as
   * one call each, but a provider may prepare the shared context once (a Welcome to n members has
   * the whole encrypted GroupInfo as context, RFC 9420 §12.4.3.1).
   */
  default List<HpkeCiphertext> encryptWithLabel(
      List<Bytes> publicKeys,
      String label,
      Bytes context,
      List<Bytes> plaintexts,
      EntropySource random)
      throws CryptoException {
    if (publicKeys.size() != plaintexts.size()) {
      throw new IllegalArgumentException(
          publicKeys.size() + " public keys for " + plaintexts.size() + " plaintexts");
    }
    List<HpkeCiphertext> out = new ArrayList<>(publicKeys.size());
    for (int i = 0; i < publicKeys.size(); i++) {
      out.add(encryptWithLabel(publicKeys.get(i), label, context, plaintexts.get(i), random));
    }
    return out;
  }

  /** DecryptWithLabel(PrivateKey, Label, Context, KEMOutput, Ciphertext). */
  Bytes decryptWithLabel(Secret privateKey, String label, Bytes context, HpkeCiphertext ciphertext)
      throws CryptoException;

  // --- Signatures (RFC 9420 §5.1.2) ---

  SignatureKeyPair generateSignatureKeyPair(EntropySource random);

  /** The public key of a signature private key. */
  Bytes signaturePublicKey(Secret privateKey) throws CryptoException;

  Bytes sign(Secret privateKey, Bytes message);

  void verify(Bytes publicKey, Bytes message, Bytes signature) throws CryptoException;

  /** SignWithLabel(SignatureKey, Label, Content). */
  Bytes signWithLabel(Secret privateKey, String label, Bytes content);

  /** VerifyWithLabel(VerificationKey, Label, Content, SignatureValue). */
  void verifyWithLabel(Bytes publicKey, String label, Bytes content, Bytes signature)
      throws CryptoException;
}
