package org.mlsmesh.protocol.credential;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite.SignatureScheme;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/** Strict parsing of DER certificates and extraction of their keys in MLS encoding. */
final class Certificates {
  // RFC 8410 §3: id-Ed25519, id-Ed448.
  private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final ASN1ObjectIdentifier ID_ED448 = new ASN1ObjectIdentifier("1.3.101.113");

  private Certificates() {}

  /**
   * Parses one DER certificate; anything else (PEM, trailing bytes, non-canonical encodings the JDK
   * would re-encode differently) is malformed.
   */
  static X509Certificate parse(Bytes der, String what) throws ValidationException {
    byte[] input = der.toByteArray();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      X509Certificate cert =
          (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(input));
      if (!Arrays.equals(cert.getEncoded(), input)) {
        throw new ValidationException(
            ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED, what + ": not exactly one DER value");
      }
      return cert;
    } catch (CertificateException | RuntimeException e) {
      throw new ValidationException(ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED, what, e);
    }
  }

  /**
   * The certificate's subject public key as an MLS SignaturePublicKey of {@code scheme} (RFC 9420
   * §5.1.2: raw Ed25519/Ed448 keys, uncompressed ECDSA points).
   */
  static Bytes signatureKey(X509Certificate cert, SignatureScheme scheme)
      throws ValidationException {
    SubjectPublicKeyInfo info;
    byte[] key;
    try {
      info =
          org.bouncycastle.asn1.x509.Certificate.getInstance(cert.getEncoded())
              .getSubjectPublicKeyInfo();
      key = info.getPublicKeyData().getOctets();
    } catch (CertificateException | RuntimeException e) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED, "subject public key", e);
    }
    AlgorithmIdentifier algorithm = info.getAlgorithm();
    return switch (scheme) {
      case ED25519 -> edwardsKey(algorithm, ID_ED25519, key, scheme);
      case ED448 -> edwardsKey(algorithm, ID_ED448, key, scheme);
      case ECDSA_SECP256R1_SHA256 -> ecKey(algorithm, SECObjectIdentifiers.secp256r1, key, scheme);
      case ECDSA_SECP384R1_SHA384 -> ecKey(algorithm, SECObjectIdentifiers.secp384r1, key, scheme);
      case ECDSA_SECP521R1_SHA512 -> ecKey(algorithm, SECObjectIdentifiers.secp521r1, key, scheme);
    };
  }

  private static Bytes edwardsKey(
      AlgorithmIdentifier algorithm, ASN1ObjectIdentifier oid, byte[] key, SignatureScheme scheme)
      throws ValidationException {
    if (!algorithm.getAlgorithm().equals(oid) || algorithm.getParameters() != null) {
      throw wrongAlgorithm(algorithm, scheme);
    }
    return Bytes.wrap(key);
  }

  private static Bytes ecKey(
      AlgorithmIdentifier algorithm, ASN1ObjectIdentifier curve, byte[] key, SignatureScheme scheme)
      throws ValidationException {
    if (!algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
        || !curve.equals(algorithm.getParameters())) {
      throw wrongAlgorithm(algorithm, scheme);
    }
    try {
      // Normalizes a compressed point to the uncompressed form MLS uses.
      return Bytes.wrap(
          CustomNamedCurves.getByOID(curve).getCurve().decodePoint(key).getEncoded(false));
    } catch (RuntimeException e) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED,
          "subject public key is no curve point",
          e);
    }
  }

  private static ValidationException wrongAlgorithm(
      AlgorithmIdentifier algorithm, SignatureScheme scheme) {
    return new ValidationException(
        ValidationCode.CREDENTIAL_KEY_MISMATCH,
        "end-entity key algorithm " + algorithm.getAlgorithm() + " is not " + scheme);
  }
}
