package org.mlsmesh.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The primitives of one cipher suite on the Bouncy Castle lightweight API. Immutable and shared by
 * all threads: every operation builds its own digest, cipher or HPKE context.
 */
public final class BcCryptoProvider implements CryptoProvider {
  /** RFC 9420 §5.1.2, §5.1.3, §8: the prefix of every MLS label. */
  private static final String LABEL_PREFIX = "MLS 1.0 ";

  private final CipherSuite suite;
  private final BcKdf kdf;
  private final BcAead aead;
  private final BcSignatureScheme signatures;
  private final BcHpke hpke;

  BcCryptoProvider(CipherSuite suite) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.kdf = new BcKdf(suite.kdf());
    this.aead = new BcAead(suite.aead());
    this.signatures = BcSignatureScheme.of(suite.signatureScheme());
    this.hpke = new BcHpke(suite);
  }

  @Override
  public CipherSuite suite() {
    return suite;
  }

  // --- Hash, MAC, KDF ---

  @Override
  public Bytes hash(Bytes data) {
    return Bytes.wrap(kdf.hash(data.toByteArray()));
  }

  @Override
  public Bytes mac(Secret key, Bytes data) {
    byte[] k = key.exposeBytes();
    try {
      return Bytes.wrap(kdf.hmac(k, data.toByteArray()));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  @Override
  public Secret extract(Secret salt, Secret ikm) {
    byte[] s = salt.exposeBytes();
    byte[] i = ikm.exposeBytes();
    try {
      return Secret.wrap(kdf.extract(s, i));
    } finally {
      Arrays.fill(s, (byte) 0);
      Arrays.fill(i, (byte) 0);
    }
  }

  @Override
  public Secret expand(Secret prk, Bytes info, int length) {
    byte[] p = prk.exposeBytes();
    try {
      return Secret.wrap(kdf.expand(p, info.toByteArray(), length));
    } finally {
      Arrays.fill(p, (byte) 0);
    }
  }

  @Override
  public Secret expandWithLabel(Secret secret, String label, Bytes context, int length) {
    // RFC 9420 §8: struct { uint16 length; opaque label<V>; opaque context<V>; } KDFLabel;
    Bytes kdfLabel =
        new TlsWriter().u16(length).vlBytes(mlsLabel(label)).vlBytes(context).toBytes();
    return expand(secret, kdfLabel, length);
  }

  @Override
  public Secret deriveSecret(Secret secret, String label) {
    return expandWithLabel(secret, label, Bytes.EMPTY, kdf.hashLength());
  }

  @Override
  public Secret deriveTreeSecret(Secret secret, String label, long generation, int length) {
    // RFC 9420 §9: the generation is a big-endian uint32.
    return expandWithLabel(secret, label, new TlsWriter(4).u32(generation).toBytes(), length);
  }

  @Override
  public Bytes refHash(String label, Bytes value) {
    // RFC 9420 §5.2: struct { opaque label<V>; opaque value<V>; } RefHashInput; (no prefix)
    return hash(new TlsWriter().vlBytes(utf8(label)).vlBytes(value).toBytes());
  }

  // --- AEAD ---

  @Override
  public Bytes aeadSeal(Secret key, Secret nonce, Bytes aad, Bytes plaintext) {
    byte[] k = key.exposeBytes();
    byte[] n = nonce.exposeBytes();
    try {
      return Bytes.wrap(aead.seal(k, n, aad.toByteArray(), plaintext.toByteArray()));
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(n, (byte) 0);
    }
  }

  @Override
  public Bytes aeadOpen(Secret key, Secret nonce, Bytes aad, Bytes ciphertext)
      throws CryptoException {
    byte[] k = key.exposeBytes();
    byte[] n = nonce.exposeBytes();
    try {
      return Bytes.wrap(aead.open(k, n, aad.toByteArray(), ciphertext.toByteArray()));
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(n, (byte) 0);
    }
  }

  // --- HPKE ---

  @Override
  public HpkeKeyPair deriveKeyPair(Secret ikm) {
    byte[] material = ikm.exposeBytes();
    try {
      return hpke.deriveKeyPair(material);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  @Override
  public HpkeKeyPair generateKeyPair(EntropySource random) {
    // RFC 9180 §4: GenerateKeyPair() = DeriveKeyPair(random(Nsk)).
    byte[] ikm = random.randomBytes(hpke.privateKeyLength());
    try {
      return hpke.deriveKeyPair(ikm);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  @Override
  public Bytes hpkePublicKey(Secret privateKey) throws CryptoException {
    byte[] key = privateKey.exposeBytes();
    try {
      return Bytes.wrap(hpke.publicKey(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public void validateHpkePublicKey(Bytes publicKey) throws CryptoException {
    hpke.validatePublicKey(publicKey.toByteArray());
  }

  @Override
  public HpkeCiphertext hpkeSeal(
      Bytes publicKey, Bytes info, Bytes aad, Bytes plaintext, EntropySource random)
      throws CryptoException {
    byte[][] sealed =
        hpke.seal(
            publicKey.toByteArray(),
            info.toByteArray(),
            aad.toByteArray(),
            plaintext.toByteArray(),
            random);
    return new HpkeCiphertext(Bytes.wrap(sealed[0]), Bytes.wrap(sealed[1]));
  }

  @Override
  public Bytes hpkeOpen(Secret privateKey, Bytes info, Bytes aad, HpkeCiphertext ciphertext)
      throws CryptoException {
    byte[] key = privateKey.exposeBytes();
    try {
      return Bytes.wrap(
          hpke.open(
              key,
              ciphertext.kemOutput().toByteArray(),
              info.toByteArray(),
              aad.toByteArray(),
              ciphertext.ciphertext().toByteArray()));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public HpkeExport hpkeExportSender(
      Bytes publicKey, Bytes info, Bytes exporterContext, int length, EntropySource random)
      throws CryptoException {
    byte[][] exported =
        hpke.exportSender(
            publicKey.toByteArray(),
            info.toByteArray(),
            exporterContext.toByteArray(),
            length,
            random);
    return new HpkeExport(Bytes.wrap(exported[0]), Secret.wrap(exported[1]));
  }

  @Override
  public Secret hpkeExportReceiver(
      Secret privateKey, Bytes kemOutput, Bytes info, Bytes exporterContext, int length)
      throws CryptoException {
    byte[] key = privateKey.exposeBytes();
    try {
      return Secret.wrap(
          hpke.exportReceiver(
              key,
              kemOutput.toByteArray(),
              info.toByteArray(),
              exporterContext.toByteArray(),
              length));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public HpkeCiphertext encryptWithLabel(
      Bytes publicKey, String label, Bytes context, Bytes plaintext, EntropySource random)
      throws CryptoException {
    return hpkeSeal(publicKey, encryptContext(label, context), Bytes.EMPTY, plaintext, random);
  }

  @Override
  public List<HpkeCiphertext> encryptWithLabel(
      List<Bytes> publicKeys,
      String label,
      Bytes context,
      List<Bytes> plaintexts,
      EntropySource random)
      throws CryptoException {
    if (suite.kem() != CipherSuite.Kem.DHKEM_X25519) {
      return CryptoProvider.super.encryptWithLabel(publicKeys, label, context, plaintexts, random);
    }
    if (publicKeys.size() != plaintexts.size()) {
      throw new IllegalArgumentException(
          publicKeys.size() + " public keys for " + plaintexts.size() + " plaintexts");
    }
    byte[][] keys = new byte[publicKeys.size()][];
    byte[][] messages = new byte[plaintexts.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = publicKeys.get(i).toByteArray();
      messages[i] = plaintexts.get(i).toByteArray();
    }
    byte[][][] sealed =
        new X25519HpkeSealer(suite)
            .sealAll(
                keys, encryptContext(label, context).toByteArray(), new byte[0], messages, random);
    List<HpkeCiphertext> out = new ArrayList<>(sealed.length);
    for (int i = 0; i < sealed.length; i++) {
      Arrays.fill(messages[i], (byte) 0);
      out.add(new HpkeCiphertext(Bytes.wrap(sealed[i][0]), Bytes.wrap(sealed[i][1])));
    }
    return out;
  }

  @Override
  public Bytes decryptWithLabel(
      Secret privateKey, String label, Bytes context, HpkeCiphertext ciphertext)
      throws CryptoException {
    return hpkeOpen(privateKey, encryptContext(label, context), Bytes.EMPTY, ciphertext);
  }

  /** RFC 9420 §5.1.3: {@code struct { opaque label<V>; opaque context<V>; } EncryptContext;} */
  private static Bytes encryptContext(String label, Bytes context) {
    return new TlsWriter().vlBytes(mlsLabel(label)).vlBytes(context).toBytes();
  }

  // --- Signatures ---

  @Override
  public SignatureKeyPair generateSignatureKeyPair(EntropySource random) {
    byte[] privateKey = signatures.generatePrivateKey(random);
    try {
      return new SignatureKeyPair(
          Secret.wrap(privateKey), Bytes.wrap(signatures.publicKey(privateKey)));
    } catch (CryptoException e) {
      throw new IllegalStateException("a generated signature key is invalid", e);
    }
  }

  @Override
  public Bytes signaturePublicKey(Secret privateKey) throws CryptoException {
    byte[] key = privateKey.exposeBytes();
    try {
      return Bytes.wrap(signatures.publicKey(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public Bytes sign(Secret privateKey, Bytes message) {
    byte[] key = privateKey.exposeBytes();
    try {
      return Bytes.wrap(signatures.sign(key, message.toByteArray()));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public void verify(Bytes publicKey, Bytes message, Bytes signature) throws CryptoException {
    signatures.verify(publicKey.toByteArray(), message.toByteArray(), signature.toByteArray());
  }

  @Override
  public Bytes signWithLabel(Secret privateKey, String label, Bytes content) {
    return sign(privateKey, signContent(label, content));
  }

  @Override
  public void verifyWithLabel(Bytes publicKey, String label, Bytes content, Bytes signature)
      throws CryptoException {
    verify(publicKey, signContent(label, content), signature);
  }

  /** RFC 9420 §5.1.2: {@code struct { opaque label<V>; opaque content<V>; } SignContent;} */
  private static Bytes signContent(String label, Bytes content) {
    return new TlsWriter().vlBytes(mlsLabel(label)).vlBytes(content).toBytes();
  }

  private static Bytes mlsLabel(String label) {
    return utf8(LABEL_PREFIX + label);
  }

  private static Bytes utf8(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BcCryptoProvider[" + suite + "]";
  }
}
