package org.mlsmesh.protocol.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.credential.TestCertificates.NOW;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.TestCertificates.Authority;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.KeyPackage;

/** KeyPackages with X.509 credentials, through the public API only. */
class X509KeyPackageTest {
  @ParameterizedTest
  @EnumSource(
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
      })
  void keyPackageWithCertificateChainValidates(CipherSuite suite) throws Exception {
    Authority root = TestCertificates.root(suite, "CN=Root", 1);
    SignatureKeyPair alice = TestCertificates.keys(suite, 3);
    X509Credential credential =
        new X509Credential(
            List.of(TestCertificates.spec("CN=alice", suite, alice.publicKey()).signBy(root)));
    KeyPackage keyPackage =
        KeyPackageBuilder.create(suite, alice, credential)
            .validFor(NOW, Duration.ofDays(7))
            .build(new SeededEntropySource(5))
            .keyPackage();
    KeyPackage decoded = TlsReader.decodeAll(keyPackage.encoded(), KeyPackage::decode);

    KeyPackageValidator validator =
        new KeyPackageValidator(
            X509CredentialValidator.trusting(List.of(root.certificate)), LifetimePolicy.DEFAULT);
    VerifiedKeyPackage verified = validator.verify(decoded, suite, NOW);
    assertThat(verified.leafNode().credential()).isEqualTo(credential);
    assertThat(verified.leafNode().capabilities().credentials()).containsExactly(2);

    Authority stranger = TestCertificates.root(suite, "CN=Stranger", 9);
    KeyPackageValidator untrusting =
        new KeyPackageValidator(
            X509CredentialValidator.trusting(List.of(stranger.certificate)),
            LifetimePolicy.DEFAULT);
    assertThatThrownBy(() -> untrusting.verify(decoded, suite, NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_CHAIN_UNTRUSTED));
    // The certificate expires after a year; the KeyPackage lifetime check comes first.
    assertThatThrownBy(
            () -> validator.verify(decoded, suite, NOW + Duration.ofDays(400).toMillis()))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT));
  }
}
