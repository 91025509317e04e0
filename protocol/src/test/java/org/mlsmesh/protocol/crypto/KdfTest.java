package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

class KdfTest {
  private static final CryptoProvider SHA256 =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto();

  @Test
  void sha256KnownAnswer() {
    assertThat(SHA256.hash(TestBytes.ascii("abc")).toHex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  /** RFC 5869 Appendix A.1. */
  @Test
  void hkdfSha256KnownAnswer() {
    Secret ikm = Secret.of(TestBytes.filled(22, 0x0b));
    Secret salt = Secret.of(Bytes.fromHex("000102030405060708090a0b0c"));
    Secret prk = SHA256.extract(salt, ikm);
    assertThat(prk.insecureAsBytes().toHex())
        .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    Secret okm = SHA256.expand(prk, Bytes.fromHex("f0f1f2f3f4f5f6f7f8f9"), 42);
    assertThat(okm.insecureAsBytes().toHex())
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @AllSuites
  void lengthsFollowTheSuite(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    Secret secret = Secret.of(TestBytes.filled(suite.hashLength(), 7));
    assertThat(crypto.hash(Bytes.EMPTY).length()).isEqualTo(suite.hashLength());
    assertThat(crypto.mac(secret, Bytes.EMPTY).length()).isEqualTo(suite.hashLength());
    assertThat(crypto.extract(Secret.zero(0), secret).length()).isEqualTo(suite.hashLength());
    assertThat(crypto.deriveSecret(secret, "x").length()).isEqualTo(suite.hashLength());
    assertThat(crypto.expand(secret, Bytes.EMPTY, 255 * suite.hashLength()).length())
        .isEqualTo(255 * suite.hashLength());
    assertThatThrownBy(() -> crypto.expand(secret, Bytes.EMPTY, 255 * suite.hashLength() + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** An empty salt means Nh zero bytes (RFC 5869 §2.2); HMAC pads short keys with zeros. */
  @AllSuites
  void emptySaltEqualsZeroSalt(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    Secret ikm = Secret.of(TestBytes.ascii("input keying material"));
    assertThat(crypto.extract(Secret.zero(0), ikm))
        .isEqualTo(crypto.extract(Secret.zero(suite.hashLength()), ikm));
  }

  @AllSuites
  void labelsAndGenerationsSeparateOutputs(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    Secret secret = Secret.of(TestBytes.filled(suite.hashLength(), 1));
    assertThat(crypto.deriveSecret(secret, "a")).isNotEqualTo(crypto.deriveSecret(secret, "b"));
    assertThat(crypto.deriveTreeSecret(secret, "key", 0, 16))
        .isNotEqualTo(crypto.deriveTreeSecret(secret, "key", 1, 16));
    assertThat(crypto.deriveTreeSecret(secret, "key", 0xffffffffL, 16).length()).isEqualTo(16);
    assertThatThrownBy(() -> crypto.deriveTreeSecret(secret, "key", 1L << 32, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refHashUsesTheLabelVerbatim() {
    // RefHash input: label<V> || value<V>, with no "MLS 1.0 " prefix added.
    Bytes value = Bytes.fromHex("0102");
    Bytes expected = SHA256.hash(Bytes.fromHex("016c" + "020102"));
    assertThat(SHA256.refHash("l", value)).isEqualTo(expected);
  }
}
