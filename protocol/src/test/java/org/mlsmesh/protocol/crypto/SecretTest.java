package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

class SecretTest {
  @Test
  void toStringNeverShowsTheBytes() {
    Secret secret = Secret.of(Bytes.fromHex("deadbeefcafebabe"));
    assertThat(secret.toString()).doesNotContainIgnoringCase("deadbeef").contains("redacted");
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    HpkeKeyPair hpke = suite.crypto().generateKeyPair(new SeededEntropySource(1));
    SignatureKeyPair signature =
        suite.crypto().generateSignatureKeyPair(new SeededEntropySource(1));
    String privateHex = hpke.privateKey().insecureAsBytes().toHex();
    assertThat(hpke.toString()).doesNotContain(privateHex).contains("redacted");
    assertThat(signature.toString())
        .doesNotContain(signature.privateKey().insecureAsBytes().toHex())
        .contains("redacted");
    HpkeExport export =
        new HpkeExport(Bytes.fromHex("01"), Secret.of(Bytes.fromHex("deadbeefcafebabe")));
    assertThat(export.toString()).doesNotContainIgnoringCase("deadbeef");
  }

  @Test
  void destroyZeroesAndLaterUseThrows() {
    byte[] material = Bytes.fromHex("0102030405060708").toByteArray();
    Secret secret = Secret.wrap(material);
    secret.destroy();
    assertThat(secret.isDestroyed()).isTrue();
    assertThat(material).containsOnly(0);
    assertThatThrownBy(secret::exposeBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(secret::insecureAsBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(secret::copy).isInstanceOf(IllegalStateException.class);
    CryptoProvider crypto = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto();
    assertThatThrownBy(() -> crypto.deriveSecret(secret, "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> crypto.mac(secret, Bytes.EMPTY))
        .isInstanceOf(IllegalStateException.class);
  }

  @AllSuites
  void destroyedKeyPairsCannotBeUsed(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair signer = crypto.generateSignatureKeyPair(new SeededEntropySource(2));
    signer.destroy();
    assertThat(signer.isDestroyed()).isTrue();
    assertThatThrownBy(() -> crypto.sign(signer.privateKey(), Bytes.EMPTY))
        .isInstanceOf(IllegalStateException.class);
    HpkeKeyPair pair = crypto.generateKeyPair(new SeededEntropySource(3));
    pair.destroy();
    assertThatThrownBy(() -> crypto.hpkePublicKey(pair.privateKey()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void equalityIsByValue() {
    assertThat(Secret.of(Bytes.fromHex("0102"))).isEqualTo(Secret.of(Bytes.fromHex("0102")));
    assertThat(Secret.of(Bytes.fromHex("0102"))).isNotEqualTo(Secret.of(Bytes.fromHex("0103")));
    assertThat(Secret.of(Bytes.fromHex("0102"))).isNotEqualTo(Secret.of(Bytes.fromHex("010203")));
  }
}
