package org.mlsmesh.protocol.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.credential.TestCertificates.DAY;
import static org.mlsmesh.protocol.credential.TestCertificates.NOW;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.TestCertificates.Authority;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/** X.509 chains for Ed25519 and P-256 signature keys, valid and broken in each checked way. */
class X509CredentialValidatorTest {
  private CipherSuite suite;
  private Authority root;
  private Authority intermediate;
  private SignatureKeyPair alice;

  private void setUp(CipherSuite suite) {
    this.suite = suite;
    root = TestCertificates.root(suite, "CN=Root", 1);
    intermediate = TestCertificates.intermediate(root, "CN=Intermediate", 2, Integer.MAX_VALUE);
    alice = TestCertificates.keys(suite, 3);
  }

  private TestCertificates.Spec aliceSpec() {
    return TestCertificates.spec("CN=alice", suite, alice.publicKey())
        .keyUsage(KeyUsage.digitalSignature);
  }

  private Bytes aliceCertificate() {
    return aliceSpec().signBy(intermediate);
  }

  private X509CredentialValidator trustingRoot() {
    return X509CredentialValidator.trusting(List.of(root.certificate));
  }

  private void validate(X509CredentialValidator validator, List<Bytes> chain)
      throws ValidationException {
    validator.validate(suite, new X509Credential(chain), alice.publicKey(), NOW);
  }

  private AbstractThrowableAssert<?, ?> assertRejected(List<Bytes> chain, ValidationCode code) {
    return assertRejected(trustingRoot(), chain, code);
  }

  private AbstractThrowableAssert<?, ?> assertRejected(
      X509CredentialValidator validator, List<Bytes> chain, ValidationCode code) {
    return assertThatThrownBy(() -> validate(validator, chain))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  void acceptsChainsToATrustAnchor(CipherSuite suite) throws Exception {
    setUp(suite);
    Bytes ee = aliceCertificate();
    validate(trustingRoot(), List.of(ee, intermediate.certificate));
    validate(trustingRoot(), List.of(ee, intermediate.certificate, root.certificate));
    X509CredentialValidator trustingIntermediate =
        X509CredentialValidator.trusting(List.of(intermediate.certificate));
    validate(trustingIntermediate, List.of(ee));
    validate(trustingIntermediate, List.of(ee, intermediate.certificate));
    validate(
        trustingRoot(),
        List.of(aliceSpec().validity(NOW, NOW).signBy(intermediate), intermediate.certificate));
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED)
  void rejectsChainsThatDoNotReachAnAnchor(CipherSuite suite) {
    setUp(suite);
    Authority otherRoot = TestCertificates.root(suite, "CN=Other Root", 11);
    Authority otherIntermediate =
        TestCertificates.intermediate(otherRoot, "CN=Other", 12, Integer.MAX_VALUE);
    Bytes ee = aliceCertificate();
    assertRejected(
            X509CredentialValidator.trusting(List.of(otherRoot.certificate)),
            List.of(ee, intermediate.certificate),
            ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED)
        .hasMessageContaining("no trust anchor");
    assertRejected(
        X509CredentialValidator.trusting(List.of()),
        List.of(ee, intermediate.certificate, root.certificate),
        ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED);
    assertRejected(
            List.of(ee, otherIntermediate.certificate), ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED)
        .hasMessageContaining("not issued by");
    assertRejected(List.of(ee), ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED); // intermediate missing
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_CERTIFICATE_EXPIRED)
  void rejectsExpiredCertificates(CipherSuite suite) {
    setUp(suite);
    Bytes expired = aliceSpec().validity(NOW - 10 * DAY, NOW - 1).signBy(intermediate);
    assertRejected(
            List.of(expired, intermediate.certificate),
            ValidationCode.CREDENTIAL_CERTIFICATE_EXPIRED)
        .hasMessageContaining("certificate 0");
    Authority expiredCa =
        new Authority(
            intermediate.name,
            suite,
            intermediate.keys,
            TestCertificates.spec(intermediate.name, suite, intermediate.keys.publicKey())
                .validity(NOW - 10 * DAY, NOW - DAY)
                .ca(Integer.MAX_VALUE)
                .signBy(root));
    assertRejected(
            List.of(aliceCertificate(), expiredCa.certificate),
            ValidationCode.CREDENTIAL_CERTIFICATE_EXPIRED)
        .hasMessageContaining("certificate 1");
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_CERTIFICATE_NOT_YET_VALID)
  void rejectsCertificatesNotYetValid(CipherSuite suite) {
    setUp(suite);
    Bytes future = aliceSpec().validity(NOW + 1000, NOW + 10 * DAY).signBy(intermediate);
    assertRejected(
        List.of(future, intermediate.certificate),
        ValidationCode.CREDENTIAL_CERTIFICATE_NOT_YET_VALID);
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_CERTIFICATE_SIGNATURE_INVALID)
  void rejectsBrokenSignatures(CipherSuite suite) {
    setUp(suite);
    byte[] broken = aliceCertificate().toByteArray();
    broken[broken.length - 2] ^= 0x01; // inside the signature value
    assertRejected(
            List.of(Bytes.wrap(broken), intermediate.certificate),
            ValidationCode.CREDENTIAL_CERTIFICATE_SIGNATURE_INVALID)
        .hasMessageContaining("certificate 0");

    // Names the root as issuer, but signed by another key.
    SignatureKeyPair impostor = TestCertificates.keys(suite, 13);
    Bytes forged =
        TestCertificates.spec(intermediate.name, suite, intermediate.keys.publicKey())
            .ca(Integer.MAX_VALUE)
            .sign(root.name, suite, impostor);
    assertRejected(
            List.of(aliceCertificate(), forged),
            ValidationCode.CREDENTIAL_CERTIFICATE_SIGNATURE_INVALID)
        .hasMessageContaining("top certificate");
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED)
  void rejectsMalformedCertificates(CipherSuite suite) {
    setUp(suite);
    Bytes ee = aliceCertificate();
    Bytes garbage = Bytes.fromHex("3003020100");
    Bytes trailing = Bytes.concat(ee, Bytes.fromHex("00"));
    Bytes pem =
        Bytes.of(
            ("-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder().encodeToString(ee.toByteArray())
                    + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII));
    assertRejected(List.of(), ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED)
        .hasMessageContaining("empty");
    assertRejected(List.of(garbage), ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED);
    assertRejected(List.of(Bytes.EMPTY), ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED);
    assertRejected(
        List.of(trailing, intermediate.certificate),
        ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED);
    assertRejected(
        List.of(pem, intermediate.certificate), ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED);
    assertRejected(List.of(ee, garbage), ValidationCode.CREDENTIAL_CERTIFICATE_MALFORMED)
        .hasMessageContaining("certificate 1");
    assertThatThrownBy(() -> X509CredentialValidator.trusting(List.of(garbage)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_KEY_MISMATCH)
  void endEntityKeyMustBeTheSignatureKey(CipherSuite suite) {
    setUp(suite);
    SignatureKeyPair mallory = TestCertificates.keys(suite, 14);
    X509Credential credential =
        new X509Credential(List.of(aliceCertificate(), intermediate.certificate));
    assertThatThrownBy(() -> trustingRoot().validate(suite, credential, mallory.publicKey(), NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_KEY_MISMATCH));
  }

  @Test
  @Covers(ValidationCode.CREDENTIAL_KEY_MISMATCH)
  void endEntityKeyMustBeOfTheSuitesScheme() {
    setUp(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    X509Credential credential =
        new X509Credential(List.of(aliceCertificate(), intermediate.certificate));
    CipherSuite chacha = CipherSuite.MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;
    CipherSuite p256 = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;
    CipherSuite ed448 = CipherSuite.MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448;
    assertThatThrownBy(() -> trustingRoot().validate(p256, credential, alice.publicKey(), NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_KEY_MISMATCH))
        .hasMessageContaining("1.3.101.112");
    assertThatThrownBy(() -> trustingRoot().validate(ed448, credential, alice.publicKey(), NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_KEY_MISMATCH));
    try {
      trustingRoot().validate(chacha, credential, alice.publicKey(), NOW); // same scheme: fine
    } catch (ValidationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Covers(ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED)
  void refusesBasicCredentials() {
    setUp(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    assertThatThrownBy(
            () ->
                trustingRoot()
                    .validate(
                        suite, new BasicCredential(Bytes.fromHex("01")), alice.publicKey(), NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED));
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED)
  void enforcesBasicConstraintsAndKeyUsage(CipherSuite suite) {
    setUp(suite);
    ValidationCode code = ValidationCode.CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED;
    Bytes notCa =
        TestCertificates.spec(intermediate.name, suite, intermediate.keys.publicKey()).signBy(root);
    assertRejected(List.of(aliceCertificate(), notCa), code).hasMessageContaining("not a CA");

    Bytes signingOnlyCertSign =
        TestCertificates.spec("CN=alice", suite, alice.publicKey())
            .keyUsage(KeyUsage.keyCertSign)
            .signBy(intermediate);
    assertRejected(List.of(signingOnlyCertSign, intermediate.certificate), code)
        .hasMessageContaining("digitalSignature");

    Bytes unknownCritical =
        aliceSpec()
            .extension(new ASN1ObjectIdentifier("1.2.3.4.5"), true, DERNull.INSTANCE)
            .signBy(intermediate);
    assertRejected(List.of(unknownCritical, intermediate.certificate), code)
        .hasMessageContaining("1.2.3.4.5");

    Authority leafOnlyCa = TestCertificates.intermediate(root, "CN=Leaf-only CA", 15, 0);
    Authority below = TestCertificates.intermediate(leafOnlyCa, "CN=Below", 16, Integer.MAX_VALUE);
    assertRejected(
            List.of(aliceSpec().signBy(below), below.certificate, leafOnlyCa.certificate), code)
        .hasMessageContaining("path length");

    List<Bytes> tooLong =
        new ArrayList<>(
            Collections.nCopies(
                X509CredentialValidator.MAX_CHAIN_LENGTH, intermediate.certificate));
    tooLong.add(0, aliceCertificate());
    assertRejected(tooLong, code).hasMessageContaining("chain of");
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  @Covers(ValidationCode.CREDENTIAL_REJECTED)
  void identityPolicyDecidesWhoIsAccepted(CipherSuite suite) throws Exception {
    setUp(suite);
    X509CredentialValidator onlyBob =
        trustingRoot()
            .withIdentityPolicy(
                endEntity -> {
                  if (!endEntity.getSubjectX500Principal().getName().equals("CN=bob")) {
                    throw new ValidationException(ValidationCode.CREDENTIAL_REJECTED, "not bob");
                  }
                });
    assertRejected(
        onlyBob,
        List.of(aliceCertificate(), intermediate.certificate),
        ValidationCode.CREDENTIAL_REJECTED);
    validate(
        trustingRoot().withIdentityPolicy(endEntity -> {}),
        List.of(aliceCertificate(), intermediate.certificate));
    assertThat(onlyBob.toString()).contains("1 trust anchors");
  }
}
