package org.mlsmesh.protocol.keypackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.message.KeyPackage;

/** A KeyPackageBundle read back from storage, and its copies. */
class KeyPackageBundleRestoreTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private final SeededEntropySource random = new SeededEntropySource(5);

  private KeyPackageBundle bundle() {
    SignatureKeyPair key = SUITE.crypto().generateSignatureKeyPair(random);
    return KeyPackageBuilder.create(
            SUITE, key, new BasicCredential(Bytes.of("a".getBytes(StandardCharsets.UTF_8))))
        .validFor(1_700_000_000_000L, Duration.ofDays(1))
        .build(random);
  }

  @Test
  void restoresWhatWasStored() {
    KeyPackageBundle original = bundle();
    KeyPackageBundle restored =
        KeyPackageBundle.restore(
            original.keyPackage(), original.initPrivateKey(), original.encryptionPrivateKey());
    assertThat(restored.ref()).isEqualTo(original.ref());
    assertThat(restored.initPrivateKey()).isEqualTo(original.initPrivateKey());
    assertThat(restored.isLastResort()).isFalse();
    restored.destroy();
    assertThat(original.isDestroyed()).isFalse();
    KeyPackageBundle copy = original.copy();
    original.destroy();
    assertThat(copy.isDestroyed()).isFalse();
    assertThat(copy.toString()).contains("redacted");
  }

  @Test
  void refusesPrivateKeysOfAnotherKeyPackage() {
    KeyPackageBundle one = bundle();
    KeyPackageBundle other = bundle();
    assertThatThrownBy(
            () ->
                KeyPackageBundle.restore(
                    one.keyPackage(), other.initPrivateKey(), one.encryptionPrivateKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match init_key");
    assertThatThrownBy(
            () ->
                KeyPackageBundle.restore(
                    one.keyPackage(), one.initPrivateKey(), other.encryptionPrivateKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match encryption_key");
  }

  @Test
  void refusesAKeyPackageOfAnUnsupportedSuite() {
    KeyPackageBundle one = bundle();
    KeyPackage kp = one.keyPackage();
    KeyPackage foreign =
        new KeyPackage(
            kp.version(), 0x0f0f, kp.initKey(), kp.leafNode(), kp.extensions(), kp.signature());
    assertThatThrownBy(
            () ->
                KeyPackageBundle.restore(foreign, one.initPrivateKey(), one.encryptionPrivateKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported cipher suite 0x0f0f");
  }
}
