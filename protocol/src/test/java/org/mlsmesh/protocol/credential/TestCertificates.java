package org.mlsmesh.protocol.credential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;

/**
 * Builds X.509 test certificates for Ed25519 and P-256 keys with Bouncy Castle, signed by the
 * suite's own signature code (so the keys are MLS signature keys).
 */
final class TestCertificates {
  /** 2023-11-14T22:13:20Z. */
  static final long NOW = 1_700_000_000_000L;

  static final long DAY = 86_400_000L;
  static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private TestCertificates() {}

  /** A certificate authority: its name, key pair and certificate. */
  static final class Authority {
    final String name;
    final CipherSuite suite;
    final SignatureKeyPair keys;
    final Bytes certificate;

    Authority(String name, CipherSuite suite, SignatureKeyPair keys, Bytes certificate) {
      this.name = name;
      this.suite = suite;
      this.keys = keys;
      this.certificate = certificate;
    }
  }

  static SignatureKeyPair keys(CipherSuite suite, long seed) {
    return suite.crypto().generateSignatureKeyPair(new SeededEntropySource(seed));
  }

  /** A self-signed root CA. */
  static Authority root(CipherSuite suite, String name, long seed) {
    SignatureKeyPair keys = keys(suite, seed);
    Bytes certificate =
        spec(name, suite, keys.publicKey()).ca(Integer.MAX_VALUE).sign(name, suite, keys);
    return new Authority(name, suite, keys, certificate);
  }

  /** An intermediate CA issued by {@code issuer}; {@code pathLength} MAX_VALUE for unlimited. */
  static Authority intermediate(Authority issuer, String name, long seed, int pathLength) {
    SignatureKeyPair keys = keys(issuer.suite, seed);
    Bytes certificate = spec(name, issuer.suite, keys.publicKey()).ca(pathLength).signBy(issuer);
    return new Authority(name, issuer.suite, keys, certificate);
  }

  /**
   * A certificate for {@code publicKey} of {@code suite}, valid from a day before NOW for a year.
   */
  static Spec spec(String subject, CipherSuite suite, Bytes publicKey) {
    return new Spec(subject, spki(suite, publicKey));
  }

  static SubjectPublicKeyInfo spki(CipherSuite suite, Bytes publicKey) {
    AlgorithmIdentifier algorithm =
        switch (suite.signatureScheme()) {
          case ED25519 -> new AlgorithmIdentifier(ID_ED25519);
          case ECDSA_SECP256R1_SHA256 ->
              new AlgorithmIdentifier(
                  X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1);
          default -> throw new IllegalArgumentException("no test certificates for " + suite);
        };
    return new SubjectPublicKeyInfo(algorithm, publicKey.toByteArray());
  }

  /** The fields of one certificate to build. */
  static final class Spec {
    private final String subject;
    private final SubjectPublicKeyInfo publicKey;
    private Date notBefore = new Date(NOW - DAY);
    private Date notAfter = new Date(NOW + 365 * DAY);
    private final List<Ext> extensions = new ArrayList<>();

    private Spec(String subject, SubjectPublicKeyInfo publicKey) {
      this.subject = subject;
      this.publicKey = publicKey;
    }

    Spec validity(long notBeforeMillis, long notAfterMillis) {
      notBefore = new Date(notBeforeMillis);
      notAfter = new Date(notAfterMillis);
      return this;
    }

    Spec ca(int pathLength) {
      BasicConstraints constraints =
          pathLength == Integer.MAX_VALUE
              ? new BasicConstraints(true)
              : new BasicConstraints(pathLength);
      extension(Extension.basicConstraints, true, constraints);
      return keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    Spec keyUsage(int bits) {
      return extension(Extension.keyUsage, true, new KeyUsage(bits));
    }

    Spec extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
      extensions.add(new Ext(oid, critical, value));
      return this;
    }

    Bytes signBy(Authority issuer) {
      return sign(issuer.name, issuer.suite, issuer.keys);
    }

    Bytes sign(String issuer, CipherSuite suite, SignatureKeyPair issuerKeys) {
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              new X500Name(issuer),
              BigInteger.valueOf(Math.abs(subject.hashCode()) + 1L),
              notBefore,
              notAfter,
              new X500Name(subject),
              publicKey);
      try {
        for (Ext extension : extensions) {
          builder.addExtension(extension.oid(), extension.critical(), extension.value());
        }
        return Bytes.wrap(builder.build(new SuiteSigner(suite, issuerKeys)).getEncoded());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {}

  /** A BC ContentSigner over the suite's signature scheme (Ed25519 or ECDSA P-256/SHA-256). */
  private static final class SuiteSigner implements ContentSigner {
    private final CipherSuite suite;
    private final SignatureKeyPair keys;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();

    SuiteSigner(CipherSuite suite, SignatureKeyPair keys) {
      this.suite = suite;
      this.keys = keys;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return switch (suite.signatureScheme()) {
        case ED25519 -> new AlgorithmIdentifier(ID_ED25519);
        case ECDSA_SECP256R1_SHA256 ->
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        default -> throw new IllegalArgumentException("no test certificates for " + suite);
      };
    }

    @Override
    public OutputStream getOutputStream() {
      return content;
    }

    @Override
    public byte[] getSignature() {
      return suite.crypto().sign(keys.privateKey(), Bytes.of(content.toByteArray())).toByteArray();
    }
  }
}
