package org.mlsmesh.interop.client;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;

/** What the operations of one interop client share: its ids, randomness and clock. */
final class ClientContext {
  private static final Duration KEY_PACKAGE_LIFETIME = Duration.ofDays(30);

  final Sessions sessions = new Sessions();
  final EntropySource random;
  private final LongSupplier clock;

  ClientContext(EntropySource random, LongSupplier clock) {
    this.random = random;
    this.clock = clock;
  }

  long now() {
    return clock.getAsLong();
  }

  static CipherSuite suite(int id) throws ClientFault {
    return CipherSuite.fromId(id)
        .orElseThrow(() -> ClientFault.unsupported(String.format("cipher suite 0x%04x", id)));
  }

  /** A fresh signature key pair and a KeyPackage of {@code suite} for basic {@code identity}. */
  PendingJoin newKeyPackage(CipherSuite suite, Bytes identity) {
    SignatureKeyPair signer = suite.crypto().generateSignatureKeyPair(random);
    KeyPackageBundle bundle =
        KeyPackageBuilder.create(suite, signer, new BasicCredential(identity))
            .validFor(now(), KEY_PACKAGE_LIFETIME)
            .build(random);
    return new PendingJoin(identity, bundle, signer);
  }
}
