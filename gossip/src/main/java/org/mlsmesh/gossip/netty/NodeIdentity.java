package org.mlsmesh.gossip.netty;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.RootSignatures;

/**
 * A node's long-term key pair and the self-signed certificate that binds its TLS links to it. The
 * peer id is the SHA-256 of the public key's SubjectPublicKeyInfo, so a peer that completes the TLS
 * handshake (and so proves possession of the private key) has the id its certificate's key hashes
 * to; nothing else in the certificate is trusted.
 */
public final class NodeIdentity {
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final PeerId peerId;

  private NodeIdentity(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.peerId = PeerId.ofPublicKey(keyPair.getPublic().getEncoded());
  }

  /** A fresh Ed25519 identity. */
  public static NodeIdentity generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, random);
      return of(generator.generateKeyPair(), random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required of the JDK", e);
    }
  }

  /** The identity of an existing long-term key pair (Ed25519 or EC P-256). */
  public static NodeIdentity of(KeyPair keyPair, SecureRandom random) {
    Objects.requireNonNull(keyPair, "keyPair");
    String algorithm = keyPair.getPrivate().getAlgorithm();
    String signature =
        algorithm.equals("EC") ? "SHA256withECDSA" : algorithm.startsWith("Ed") ? "Ed25519" : null;
    if (signature == null) {
      throw new IllegalArgumentException("unsupported key algorithm " + algorithm);
    }
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=mlsmesh");
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, random).add(BigInteger.ONE),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(3650))),
            name,
            keyPair.getPublic());
    try {
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder(signature).build(keyPair.getPrivate())));
      return new NodeIdentity(keyPair, cert);
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot build the self-signed certificate", e);
    }
  }

  public PeerId peerId() {
    return peerId;
  }

  /** Signatures of this node's root terms with its key, and checks of other roots' (gossip). */
  public RootSignatures rootSignatures() {
    return new KeyRootSignatures(keyPair);
  }

  KeyPair keyPair() {
    return keyPair;
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** The id of the peer that presented {@code certificate}. */
  public static PeerId peerIdOf(X509Certificate certificate) {
    return PeerId.ofPublicKey(certificate.getPublicKey().getEncoded());
  }

  @Override
  public String toString() {
    return "NodeIdentity(" + peerId + ")";
  }
}
