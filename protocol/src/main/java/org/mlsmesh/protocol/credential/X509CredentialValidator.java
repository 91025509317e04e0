package org.mlsmesh.protocol.credential;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/**
 * Validates X.509 credentials (RFC 9420 §5.3): the chain, end-entity first, must lead to one of the
 * configured trust anchors, every certificate must be valid at {@code nowMillis}, each signature
 * must verify with its issuer's key, issuers must be CAs allowed to sign certificates, and the
 * end-entity key must be the leaf's signature key. Revocation is not checked. The chain may end
 * with an anchor itself or with a certificate an anchor issued.
 */
public final class X509CredentialValidator implements CredentialValidator {
  /** Longest chain accepted, anchor included. */
  public static final int MAX_CHAIN_LENGTH = 8;

  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final Set<String> UNDERSTOOD_CRITICAL_EXTENSIONS =
      Set.of(
          "2.5.29.15", // keyUsage
          "2.5.29.17", // subjectAltName (the identities, for the identity policy)
          "2.5.29.19", // basicConstraints
          "2.5.29.37"); // extKeyUsage (MLS defines no purpose; not restricted)

  /** The application's check of the presented identities (RFC 9420 §5.3.1). */
  @FunctionalInterface
  public interface IdentityPolicy {
    /** Accepts silently or throws, e.g. {@link ValidationCode#CREDENTIAL_REJECTED}. */
    void check(X509Certificate endEntity) throws ValidationException;
  }

  private final List<X509Certificate> anchors;
  private final List<Bytes> anchorEncodings;
  private final IdentityPolicy identityPolicy;

  private X509CredentialValidator(
      List<X509Certificate> anchors, List<Bytes> anchorEncodings, IdentityPolicy identityPolicy) {
    this.anchors = anchors;
    this.anchorEncodings = anchorEncodings;
    this.identityPolicy = identityPolicy;
  }

  /**
   * Trusts the given DER certificates as anchors and accepts any identity they certify.
   *
   * @throws IllegalArgumentException when an anchor is not a DER certificate
   */
  public static X509CredentialValidator trusting(List<Bytes> anchorCertificates) {
    List<X509Certificate> anchors = new ArrayList<>();
    for (Bytes der : anchorCertificates) {
      try {
        anchors.add(Certificates.parse(der, "trust anchor"));
      } catch (ValidationException e) {
        throw new IllegalArgumentException("trust anchor is not a DER certificate", e);
      }
    }
    return new X509CredentialValidator(
        List.copyOf(anchors), List.copyOf(anchorCertificates), endEntity -> {});
  }

  /** The same anchors, with {@code policy} deciding which end-entity identities are acceptable. */
  public X509CredentialValidator withIdentityPolicy(IdentityPolicy policy) {
    return new X509CredentialValidator(
        anchors, anchorEncodings, Objects.requireNonNull(policy, "policy"));
  }

  @Override
  public void validate(CipherSuite suite, Credential credential, Bytes signatureKey, long nowMillis)
      throws ValidationException {
    if (!(credential instanceof X509Credential)) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED, credential.type() + " is not x509");
    }
    List<Bytes> encoded = ((X509Credential) credential).certificates();
    if (encoded.isEmpty()) {
      throw new ValidationException(ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED, "empty chain");
    }
    if (encoded.size() > MAX_CHAIN_LENGTH) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED,
          "chain of " + encoded.size() + " certificates");
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (int i = 0; i < encoded.size(); i++) {
      chain.add(Certificates.parse(encoded.get(i), "certificate " + i));
    }
    Date now = new Date(nowMillis);
    for (int i = 0; i < chain.size(); i++) {
      checkValidity(chain.get(i), now, "certificate " + i);
      checkCriticalExtensions(chain.get(i), "certificate " + i);
    }
    checkEndEntityUsage(chain.get(0));
    for (int i = 0; i + 1 < chain.size(); i++) {
      checkIssuedBy(chain.get(i), chain.get(i + 1), i);
    }
    checkAnchored(encoded.get(encoded.size() - 1), chain.get(chain.size() - 1), now);
    Bytes endEntityKey = Certificates.signatureKey(chain.get(0), suite.signatureScheme());
    if (!endEntityKey.equals(signatureKey)) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_KEY_MISMATCH, "end-entity key is not the signature_key");
    }
    identityPolicy.check(chain.get(0));
  }

  private static void checkValidity(X509Certificate cert, Date now, String what)
      throws ValidationException {
    try {
      cert.checkValidity(now);
    } catch (CertificateExpiredException e) {
      throw new ValidationException(ValidationCode.CREDENTIAL_CERTIFICATE_EXPIRED, what, e);
    } catch (CertificateNotYetValidException e) {
      throw new ValidationException(ValidationCode.CREDENTIAL_CERTIFICATE_NOT_YET_VALID, what, e);
    }
  }

  private static void checkCriticalExtensions(X509Certificate cert, String what)
      throws ValidationException {
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical == null) {
      return;
    }
    for (String oid : critical) {
      if (!UNDERSTOOD_CRITICAL_EXTENSIONS.contains(oid)) {
        throw new ValidationException(
            ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED,
            what + ": unknown critical extension " + oid);
      }
    }
  }

  private static void checkEndEntityUsage(X509Certificate endEntity) throws ValidationException {
    boolean[] usage = endEntity.getKeyUsage();
    if (usage != null && !usage[DIGITAL_SIGNATURE]) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED,
          "end-entity key usage lacks digitalSignature");
    }
  }

  /** RFC 5280 §6.1: name chaining, CA constraints and the issuer's signature on {@code cert}. */
  private static void checkIssuedBy(X509Certificate cert, X509Certificate issuer, int index)
      throws ValidationException {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED,
          "certificate " + index + " is not issued by certificate " + (index + 1));
    }
    String what = "certificate " + (index + 1);
    int pathLength = issuer.getBasicConstraints();
    if (pathLength < 0) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED, what + " is not a CA");
    }
    if (pathLength < index) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED,
          what + ": path length constraint " + pathLength + " exceeded");
    }
    boolean[] usage = issuer.getKeyUsage();
    if (usage != null && !usage[KEY_CERT_SIGN]) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED,
          what + ": key usage lacks keyCertSign");
    }
    verifySignature(cert, issuer, "certificate " + index);
  }

  private static void verifySignature(X509Certificate cert, X509Certificate issuer, String what)
      throws ValidationException {
    try {
      cert.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_CERTIFICATE_SIGNATURE_INVALID, what, e);
    }
  }

  /** The top of the chain is an anchor, or an anchor with its issuer name signed it. */
  private void checkAnchored(Bytes topEncoded, X509Certificate top, Date now)
      throws ValidationException {
    if (anchorEncodings.contains(topEncoded)) {
      return;
    }
    ValidationException failure =
        new ValidationException(
            ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED, "no trust anchor issued the chain");
    for (X509Certificate anchor : anchors) {
      if (anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
        try {
          verifySignature(top, anchor, "top certificate");
        } catch (ValidationException e) {
          failure = e; // a name match whose signature fails: report the signature
          continue;
        }
        checkValidity(anchor, now, "trust anchor");
        return;
      }
    }
    throw failure;
  }

  @Override
  public String toString() {
    return "X509CredentialValidator[" + anchors.size() + " trust anchors]";
  }
}
