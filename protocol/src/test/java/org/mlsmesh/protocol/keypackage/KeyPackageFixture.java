package org.mlsmesh.protocol.keypackage;

import java.time.Duration;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;

/** A signer and a KeyPackage builder for one suite, all from a fixed seed. */
final class KeyPackageFixture {
  /** 2023-11-14T22:13:20Z. */
  static final long NOW = 1_700_000_000_000L;

  static final Bytes ALICE = Bytes.of("alice".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  final CipherSuite suite;
  final SignatureKeyPair signer;
  final SeededEntropySource random;

  private KeyPackageFixture(CipherSuite suite, long seed) {
    this.suite = suite;
    this.random = new SeededEntropySource(seed);
    this.signer = suite.crypto().generateSignatureKeyPair(random);
  }

  static KeyPackageFixture of(CipherSuite suite) {
    return new KeyPackageFixture(suite, 42);
  }

  static KeyPackageFixture of(CipherSuite suite, long seed) {
    return new KeyPackageFixture(suite, seed);
  }

  /** A builder for a basic-credential KeyPackage valid for 30 days from {@link #NOW}. */
  KeyPackageBuilder builder() {
    return builder(new BasicCredential(ALICE));
  }

  KeyPackageBuilder builder(Credential credential) {
    return KeyPackageBuilder.create(suite, signer, credential).validFor(NOW, Duration.ofDays(30));
  }

  KeyPackageBundle create() {
    return builder().build(random);
  }

  static KeyPackageValidator validator() {
    return new KeyPackageValidator(
        BasicCredentialValidator.insecureAcceptingAnyIdentity(), LifetimePolicy.DEFAULT);
  }
}
