package org.mlsmesh.protocol.guide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;

/**
 * A certificate authority for the guide's X.509 sample: Ed25519 certificates (cipher suite 1),
 * valid for a year around a given time. An application gets its certificates from its own PKI.
 */
final class GuideCertificates {
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final long DAY = 86_400_000L;
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private final String name;
  private final SignatureKeyPair keys;
  private final long nowMillis;
  private final Bytes certificate;
  private long serial = 1;

  GuideCertificates(String name, SignatureKeyPair keys, long nowMillis) {
    this.name = name;
    this.keys = keys;
    this.nowMillis = nowMillis;
    this.certificate = sign(name, keys.publicKey(), true);
  }

  /** The authority's self-signed certificate: the trust anchor. */
  Bytes certificate() {
    return certificate;
  }

  /** An end-entity certificate for a member's signature key. */
  Bytes issue(String subject, Bytes signaturePublicKey) {
    return sign(subject, signaturePublicKey, false);
  }

  private Bytes sign(String subject, Bytes publicKey, boolean ca) {
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            new X500Name(name),
            BigInteger.valueOf(serial++),
            new Date(nowMillis - DAY),
            new Date(nowMillis + 365 * DAY),
            new X500Name(subject),
            new SubjectPublicKeyInfo(new AlgorithmIdentifier(ED25519), publicKey.toByteArray()));
    try {
      if (ca) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      }
      return Bytes.wrap(builder.build(new Ed25519Signer()).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Signs the certificate with the authority's key through the suite's signature code. */
  private final class Ed25519Signer implements ContentSigner {
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new AlgorithmIdentifier(ED25519);
    }

    @Override
    public OutputStream getOutputStream() {
      return content;
    }

    @Override
    public byte[] getSignature() {
      return SUITE.crypto().sign(keys.privateKey(), Bytes.of(content.toByteArray())).toByteArray();
    }
  }
}
