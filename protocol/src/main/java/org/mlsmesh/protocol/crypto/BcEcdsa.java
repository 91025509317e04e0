package org.mlsmesh.protocol.crypto;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDSA over a NIST curve with deterministic nonces (RFC 6979). Signatures are DER-encoded (RFC
 * 9420 §5.1.2 via RFC 8446); public keys are uncompressed points.
 */
final class BcEcdsa implements BcSignatureScheme {
  private final String operation;
  private final ECDomainParameters domain;
  private final BcKdf hash;
  private final int publicKeyLength;

  BcEcdsa(String curveName, CipherSuite.Kdf hash) {
    this.operation = "ECDSA " + curveName + " verify";
    this.domain = new ECDomainParameters(CustomNamedCurves.getByName(curveName));
    this.hash = new BcKdf(hash);
    this.publicKeyLength = 1 + 2 * ((domain.getCurve().getFieldSize() + 7) / 8);
  }

  @Override
  public byte[] generatePrivateKey(EntropySource random) {
    return EcScalars.randomScalar(domain.getN(), random);
  }

  @Override
  public byte[] publicKey(byte[] privateKey) throws CryptoException {
    BigInteger d = EcScalars.decode(domain.getN(), privateKey, "ECDSA private key");
    return new FixedPointCombMultiplier().multiply(domain.getG(), d).getEncoded(false);
  }

  @Override
  public byte[] sign(byte[] privateKey, byte[] message) {
    BigInteger d;
    try {
      d = EcScalars.decode(domain.getN(), privateKey, "ECDSA private key");
    } catch (CryptoException e) {
      throw new IllegalArgumentException("invalid ECDSA private key", e);
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(hash.newDigest()));
    signer.init(true, new ECPrivateKeyParameters(d, domain));
    BigInteger[] rs = signer.generateSignature(hash.hash(message));
    try {
      return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
    }
  }

  @Override
  public void verify(byte[] publicKey, byte[] message, byte[] signature) throws CryptoException {
    if (publicKey.length != publicKeyLength || publicKey[0] != 0x04) {
      throw new CryptoException(operation);
    }
    boolean valid;
    try {
      ECPoint q = domain.getCurve().decodePoint(publicKey); // checks the point is on the curve
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(domain.getN(), signature); // strict DER
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, new ECPublicKeyParameters(q, domain));
      valid = verifier.verifySignature(hash.hash(message), rs[0], rs[1]);
    } catch (IOException | RuntimeException e) {
      throw new CryptoException(operation, e);
    }
    if (!valid) {
      throw new CryptoException(operation);
    }
  }
}
