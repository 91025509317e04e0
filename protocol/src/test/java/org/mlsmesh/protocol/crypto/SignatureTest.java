package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.crypto.AeadTest.assertRejected;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlsmesh.protocol.codec.Bytes;

class SignatureTest {
  private static final Bytes MESSAGE = TestBytes.ascii("a message worth signing");

  private static SignatureKeyPair keyPair(CipherSuite suite, long seed) {
    return suite.crypto().generateSignatureKeyPair(new SeededEntropySource(seed));
  }

  private static boolean isEcdsa(CipherSuite suite) {
    return switch (suite.signatureScheme()) {
      case ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512 -> true;
      case ED25519, ED448 -> false;
    };
  }

  static Stream<CipherSuite> ecdsaSuites() {
    return Stream.of(CipherSuite.values()).filter(SignatureTest::isEcdsa);
  }

  @AllSuites
  void signVerifyRoundTrip(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair pair = keyPair(suite, 1);
    assertThat(crypto.signaturePublicKey(pair.privateKey())).isEqualTo(pair.publicKey());
    Bytes signature = crypto.sign(pair.privateKey(), MESSAGE);
    crypto.verify(pair.publicKey(), MESSAGE, signature);
    Bytes labeled = crypto.signWithLabel(pair.privateKey(), "LeafNodeTBS", MESSAGE);
    crypto.verifyWithLabel(pair.publicKey(), "LeafNodeTBS", MESSAGE, labeled);
    crypto.verify(pair.publicKey(), Bytes.EMPTY, crypto.sign(pair.privateKey(), Bytes.EMPTY));
  }

  @AllSuites
  void signingIsDeterministic(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair pair = keyPair(suite, 2);
    assertThat(crypto.sign(pair.privateKey(), MESSAGE))
        .isEqualTo(crypto.sign(pair.privateKey(), MESSAGE));
    assertThat(keyPair(suite, 2).publicKey()).isEqualTo(pair.publicKey());
    assertThat(keyPair(suite, 3).publicKey()).isNotEqualTo(pair.publicKey());
  }

  @AllSuites
  void tamperedSignatureMessageOrKeyIsRejected(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair pair = keyPair(suite, 4);
    SignatureKeyPair other = keyPair(suite, 5);
    Bytes signature = crypto.signWithLabel(pair.privateKey(), "Label", MESSAGE);
    // The middle byte lies inside r (ECDSA) or R/S (EdDSA), never in the DER header.
    assertRejected(
        () ->
            crypto.verifyWithLabel(
                pair.publicKey(), "Label", MESSAGE, TestBytes.flip(signature, -2)));
    assertRejected(
        () ->
            crypto.verifyWithLabel(
                pair.publicKey(), "Label", MESSAGE, TestBytes.flip(signature, 10)));
    assertRejected(
        () ->
            crypto.verifyWithLabel(
                pair.publicKey(), "Label", TestBytes.flip(MESSAGE, 3), signature));
    assertRejected(() -> crypto.verifyWithLabel(pair.publicKey(), "Other", MESSAGE, signature));
    assertRejected(() -> crypto.verifyWithLabel(other.publicKey(), "Label", MESSAGE, signature));
    // SignWithLabel is not a plain signature over the content.
    assertRejected(() -> crypto.verify(pair.publicKey(), MESSAGE, signature));
  }

  @AllSuites
  void malformedSignaturesAreRejected(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair pair = keyPair(suite, 6);
    Bytes signature = crypto.sign(pair.privateKey(), MESSAGE);
    Bytes key = pair.publicKey();
    assertRejected(() -> crypto.verify(key, MESSAGE, Bytes.EMPTY));
    assertRejected(() -> crypto.verify(key, MESSAGE, Bytes.fromHex("00")));
    assertRejected(() -> crypto.verify(key, MESSAGE, signature.slice(0, signature.length() - 1)));
    assertRejected(() -> crypto.verify(key, MESSAGE, Bytes.concat(signature, Bytes.fromHex("00"))));
    assertRejected(() -> crypto.verify(key, MESSAGE, TestBytes.filled(signature.length(), 0xff)));
    assertRejected(() -> crypto.verify(key, MESSAGE, TestBytes.filled(signature.length(), 0)));
  }

  @AllSuites
  void malformedPublicKeysAreRejected(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair pair = keyPair(suite, 7);
    Bytes signature = crypto.sign(pair.privateKey(), MESSAGE);
    Bytes key = pair.publicKey();
    assertRejected(() -> crypto.verify(Bytes.EMPTY, MESSAGE, signature));
    assertRejected(() -> crypto.verify(key.slice(0, key.length() - 1), MESSAGE, signature));
    assertRejected(() -> crypto.verify(Bytes.concat(key, Bytes.fromHex("00")), MESSAGE, signature));
    assertRejected(() -> crypto.verify(TestBytes.filled(key.length(), 0xff), MESSAGE, signature));
    // A point off the curve (EC) or a different point (EdDSA).
    assertRejected(() -> crypto.verify(TestBytes.flip(key, -1), MESSAGE, signature));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ecdsaSuites")
  void ecdsaRejectsNonDerAndCompressedForms(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    SignatureKeyPair pair = keyPair(suite, 8);
    Bytes der = crypto.sign(pair.privateKey(), MESSAGE);
    // DER with a non-minimal (long-form) sequence length is BER, not DER.
    byte[] body = der.slice(2, der.length()).toByteArray();
    int headerLength = der.get(1) == (byte) 0x81 ? 3 : 2;
    body = der.slice(headerLength, der.length()).toByteArray();
    Bytes ber =
        Bytes.concat(
            Bytes.fromHex("3082"),
            Bytes.wrap(new byte[] {0, (byte) body.length}),
            Bytes.wrap(body));
    assertRejected(() -> crypto.verify(pair.publicKey(), MESSAGE, ber));
    // The compressed point form is not allowed (RFC 9420 §5.1.1: uncompressed).
    Bytes key = pair.publicKey();
    int coordinate = (key.length() - 1) / 2;
    byte prefix = (byte) (2 + (key.get(key.length() - 1) & 1));
    Bytes compressed = Bytes.concat(Bytes.wrap(new byte[] {prefix}), key.slice(1, 1 + coordinate));
    assertRejected(() -> crypto.verify(compressed, MESSAGE, der));
  }

  /** Our DER ECDSA signatures verify with the JDK's independent implementation. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ecdsaSuites")
  void ecdsaSignaturesVerifyInTheJdk(CipherSuite suite) throws GeneralSecurityException {
    SignatureKeyPair pair = keyPair(suite, 9);
    Bytes signature = suite.crypto().sign(pair.privateKey(), MESSAGE);
    String curve;
    String algorithm;
    switch (suite.signatureScheme()) {
      case ECDSA_SECP256R1_SHA256 -> {
        curve = "secp256r1";
        algorithm = "SHA256withECDSA";
      }
      case ECDSA_SECP384R1_SHA384 -> {
        curve = "secp384r1";
        algorithm = "SHA384withECDSA";
      }
      default -> {
        curve = "secp521r1";
        algorithm = "SHA512withECDSA";
      }
    }
    Signature jdk = Signature.getInstance(algorithm);
    jdk.initVerify(jdkPublicKey(pair.publicKey(), curve));
    jdk.update(MESSAGE.toByteArray());
    assertThat(jdk.verify(signature.toByteArray())).isTrue();
  }

  private static PublicKey jdkPublicKey(Bytes uncompressed, String curve)
      throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(curve));
    byte[] point = uncompressed.toByteArray();
    int n = (point.length - 1) / 2;
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + n));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + n, point.length));
    return KeyFactory.getInstance("EC")
        .generatePublic(
            new ECPublicKeySpec(
                new ECPoint(x, y), parameters.getParameterSpec(ECParameterSpec.class)));
  }

  /** RFC 6979 §A.2.5: P-256, SHA-256, message "sample". */
  @Test
  void rfc6979KnownAnswer() throws CryptoException {
    CryptoProvider crypto = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256.crypto();
    Secret key =
        Secret.of(
            Bytes.fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    assertThat(crypto.signaturePublicKey(key).toHex())
        .isEqualTo(
            "04"
                + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    assertThat(crypto.sign(key, TestBytes.ascii("sample")).toHex())
        .isEqualTo(
            "3046"
                + "022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
                + "022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
  }

  @AllSuites
  void invalidPrivateKeysAreRejected(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    int length = keyPair(suite, 10).privateKey().length();
    assertRejected(() -> crypto.signaturePublicKey(Secret.zero(length - 1)));
    assertRejected(() -> crypto.signaturePublicKey(Secret.zero(length + 1)));
    assertThatThrownBy(() -> crypto.sign(Secret.zero(length + 1), MESSAGE))
        .isInstanceOf(IllegalArgumentException.class);
    if (isEcdsa(suite)) {
      assertRejected(() -> crypto.signaturePublicKey(Secret.zero(length))); // d = 0
      assertRejected(
          () -> crypto.signaturePublicKey(Secret.of(TestBytes.filled(length, 0xff)))); // d >= n
    }
  }
}
