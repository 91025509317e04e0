package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

class AeadTest {
  private static final Bytes AAD = TestBytes.ascii("additional data");
  private static final Bytes PLAINTEXT = TestBytes.ascii("attack at dawn, bring snacks");

  private static Secret key(CipherSuite suite) {
    return Secret.of(TestBytes.filled(suite.aeadKeyLength(), 0x42));
  }

  private static Secret nonce(CipherSuite suite) {
    return Secret.of(TestBytes.filled(suite.aeadNonceLength(), 0x24));
  }

  /** McGrew–Viega GCM test case 2: AES-128, zero key, zero IV, one zero block. */
  @Test
  void aes128GcmKnownAnswer() {
    CryptoProvider crypto = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256.crypto();
    Bytes sealed =
        crypto.aeadSeal(Secret.zero(16), Secret.zero(12), Bytes.EMPTY, Bytes.wrap(new byte[16]));
    assertThat(sealed.toHex())
        .isEqualTo("0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
  }

  /** Cross-check against the JDK's independent AES-GCM and ChaCha20-Poly1305. */
  @AllSuites
  void matchesTheJdk(CipherSuite suite) throws GeneralSecurityException {
    Bytes sealed = suite.crypto().aeadSeal(key(suite), nonce(suite), AAD, PLAINTEXT);
    byte[] nonce = nonce(suite).exposeBytes();
    boolean chacha = suite.aead() == CipherSuite.Aead.CHACHA20_POLY1305;
    Cipher jdk = Cipher.getInstance(chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
    AlgorithmParameterSpec spec =
        chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce);
    jdk.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key(suite).exposeBytes(), chacha ? "ChaCha20" : "AES"),
        spec);
    jdk.updateAAD(AAD.toByteArray());
    assertThat(sealed).isEqualTo(Bytes.wrap(jdk.doFinal(PLAINTEXT.toByteArray())));
  }

  @AllSuites
  void roundTrip(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    Bytes sealed = crypto.aeadSeal(key(suite), nonce(suite), AAD, PLAINTEXT);
    assertThat(sealed.length()).isEqualTo(PLAINTEXT.length() + 16);
    assertThat(crypto.aeadOpen(key(suite), nonce(suite), AAD, sealed)).isEqualTo(PLAINTEXT);
    assertThat(
            crypto.aeadOpen(
                key(suite),
                nonce(suite),
                AAD,
                crypto.aeadSeal(key(suite), nonce(suite), AAD, Bytes.EMPTY)))
        .isEqualTo(Bytes.EMPTY);
  }

  @AllSuites
  void tamperingIsRejected(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    Bytes sealed = crypto.aeadSeal(key(suite), nonce(suite), AAD, PLAINTEXT);
    Secret otherKey = Secret.of(TestBytes.filled(suite.aeadKeyLength(), 0x43));
    Secret otherNonce = Secret.of(TestBytes.filled(suite.aeadNonceLength(), 0x25));
    assertRejected(() -> crypto.aeadOpen(key(suite), nonce(suite), AAD, TestBytes.flip(sealed, 0)));
    assertRejected(
        () -> crypto.aeadOpen(key(suite), nonce(suite), AAD, TestBytes.flip(sealed, -1)));
    assertRejected(() -> crypto.aeadOpen(key(suite), nonce(suite), TestBytes.flip(AAD, 0), sealed));
    assertRejected(() -> crypto.aeadOpen(otherKey, nonce(suite), AAD, sealed));
    assertRejected(() -> crypto.aeadOpen(key(suite), otherNonce, AAD, sealed));
    assertRejected(
        () -> crypto.aeadOpen(key(suite), nonce(suite), AAD, sealed.slice(0, sealed.length() - 1)));
    assertRejected(() -> crypto.aeadOpen(key(suite), nonce(suite), AAD, Bytes.EMPTY));
  }

  @AllSuites
  void wrongKeyOrNonceLengthIsABug(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    assertThatThrownBy(() -> crypto.aeadSeal(Secret.zero(5), nonce(suite), AAD, PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> crypto.aeadSeal(key(suite), Secret.zero(8), AAD, PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  interface Call {
    void run() throws CryptoException;
  }

  static void assertRejected(Call call) {
    assertThatThrownBy(call::run).isInstanceOf(CryptoException.class);
  }
}
