package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.protocol.crypto.AeadTest.assertRejected;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

class HpkeTest {
  private static final Bytes INFO = TestBytes.ascii("info");
  private static final Bytes AAD = TestBytes.ascii("aad");
  private static final Bytes PLAINTEXT = TestBytes.ascii("a path secret, 32 bytes long....");

  private static HpkeKeyPair keyPair(CipherSuite suite, long seed) {
    return suite.crypto().generateKeyPair(new SeededEntropySource(seed));
  }

  @AllSuites
  void sealOpenRoundTrip(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair pair = keyPair(suite, 1);
    HpkeCiphertext sealed =
        crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(2));
    assertThat(sealed.kemOutput().length()).isEqualTo(suite.kem().publicKeyLength);
    assertThat(sealed.ciphertext().length()).isEqualTo(PLAINTEXT.length() + 16);
    assertThat(crypto.hpkeOpen(pair.privateKey(), INFO, AAD, sealed)).isEqualTo(PLAINTEXT);
    HpkeCiphertext empty =
        crypto.hpkeSeal(
            pair.publicKey(), Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY, new SeededEntropySource(3));
    assertThat(crypto.hpkeOpen(pair.privateKey(), Bytes.EMPTY, Bytes.EMPTY, empty))
        .isEqualTo(Bytes.EMPTY);
  }

  @AllSuites
  void encryptWithLabelRoundTrip(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair pair = keyPair(suite, 4);
    Bytes context = TestBytes.ascii("group context");
    HpkeCiphertext sealed =
        crypto.encryptWithLabel(
            pair.publicKey(), "UpdatePathNode", context, PLAINTEXT, new SeededEntropySource(5));
    assertThat(crypto.decryptWithLabel(pair.privateKey(), "UpdatePathNode", context, sealed))
        .isEqualTo(PLAINTEXT);
    assertRejected(() -> crypto.decryptWithLabel(pair.privateKey(), "Welcome", context, sealed));
    assertRejected(
        () ->
            crypto.decryptWithLabel(
                pair.privateKey(), "UpdatePathNode", TestBytes.flip(context, 0), sealed));
  }

  @AllSuites
  void wrongKeyAndTamperingAreRejected(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair pair = keyPair(suite, 6);
    HpkeKeyPair other = keyPair(suite, 7);
    HpkeCiphertext sealed =
        crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(8));
    Bytes kem = sealed.kemOutput();
    Bytes ct = sealed.ciphertext();
    assertRejected(() -> crypto.hpkeOpen(other.privateKey(), INFO, AAD, sealed));
    assertRejected(() -> crypto.hpkeOpen(pair.privateKey(), TestBytes.flip(INFO, 0), AAD, sealed));
    assertRejected(() -> crypto.hpkeOpen(pair.privateKey(), INFO, TestBytes.flip(AAD, 0), sealed));
    assertRejected(
        () ->
            crypto.hpkeOpen(
                pair.privateKey(), INFO, AAD, new HpkeCiphertext(kem, TestBytes.flip(ct, 0))));
    assertRejected(
        () ->
            crypto.hpkeOpen(
                pair.privateKey(), INFO, AAD, new HpkeCiphertext(kem, TestBytes.flip(ct, -1))));
    assertRejected(
        () ->
            crypto.hpkeOpen(
                pair.privateKey(), INFO, AAD, new HpkeCiphertext(kem, ct.slice(0, 15))));
    assertRejected(
        () ->
            crypto.hpkeOpen(
                pair.privateKey(), INFO, AAD, new HpkeCiphertext(TestBytes.flip(kem, -1), ct)));
    assertRejected(
        () ->
            crypto.hpkeOpen(
                pair.privateKey(),
                INFO,
                AAD,
                new HpkeCiphertext(kem.slice(0, kem.length() - 1), ct)));
    assertRejected(
        () -> crypto.hpkeOpen(pair.privateKey(), INFO, AAD, new HpkeCiphertext(Bytes.EMPTY, ct)));
    // An all-zero KEM output is the identity (EC: wrong format) or a small-order point
    // (X25519/448).
    assertRejected(
        () ->
            crypto.hpkeOpen(
                pair.privateKey(),
                INFO,
                AAD,
                new HpkeCiphertext(TestBytes.filled(kem.length(), 0), ct)));
  }

  @AllSuites
  void invalidPublicKeysAreRejected(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    Bytes valid = keyPair(suite, 9).publicKey();
    crypto.validateHpkePublicKey(valid);
    int length = valid.length();
    for (Bytes invalid :
        List.of(
            Bytes.EMPTY,
            valid.slice(0, length - 1),
            Bytes.concat(valid, Bytes.fromHex("00")),
            TestBytes.filled(length, 0), // EC identity / X25519 and X448 zero point
            smallOrderOrOffCurve(suite, valid))) {
      assertRejected(() -> crypto.validateHpkePublicKey(invalid));
      assertRejected(
          () -> crypto.hpkeSeal(invalid, INFO, AAD, PLAINTEXT, new SeededEntropySource(10)));
      assertRejected(
          () ->
              crypto.hpkeExportSender(invalid, INFO, Bytes.EMPTY, 32, new SeededEntropySource(11)));
    }
  }

  /** u = 1 (order 1 on X25519/X448) or an EC point with y off by one (not on the curve). */
  private static Bytes smallOrderOrOffCurve(CipherSuite suite, Bytes valid) {
    return switch (suite.kem()) {
      case DHKEM_X25519, DHKEM_X448 -> {
        byte[] one = new byte[valid.length()];
        one[0] = 1;
        yield Bytes.wrap(one);
      }
      case DHKEM_P256, DHKEM_P384, DHKEM_P521 -> TestBytes.flip(valid, -1);
    };
  }

  @AllSuites
  void invalidPrivateKeysAreRejected(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair pair = keyPair(suite, 12);
    assertThat(crypto.hpkePublicKey(pair.privateKey())).isEqualTo(pair.publicKey());
    int length = suite.kem().privateKeyLength;
    assertRejected(() -> crypto.hpkePublicKey(Secret.zero(length - 1)));
    assertRejected(() -> crypto.hpkePublicKey(Secret.zero(length + 1)));
    HpkeCiphertext sealed =
        crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(13));
    assertRejected(() -> crypto.hpkeOpen(Secret.zero(length + 1), INFO, AAD, sealed));
    if (suite.kem() != CipherSuite.Kem.DHKEM_X25519 && suite.kem() != CipherSuite.Kem.DHKEM_X448) {
      assertRejected(() -> crypto.hpkePublicKey(Secret.zero(length))); // d = 0
      assertRejected(() -> crypto.hpkePublicKey(Secret.of(TestBytes.filled(length, 0xff))));
    }
  }

  @AllSuites
  void seededSealAndKeyGenerationAreReproducible(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair pair = keyPair(suite, 14);
    HpkeKeyPair again = keyPair(suite, 14);
    assertThat(again.publicKey()).isEqualTo(pair.publicKey());
    assertThat(again.privateKey()).isEqualTo(pair.privateKey());
    assertThat(keyPair(suite, 15).publicKey()).isNotEqualTo(pair.publicKey());

    HpkeCiphertext first =
        crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(16));
    HpkeCiphertext second =
        crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(16));
    HpkeCiphertext third =
        crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(17));
    assertThat(second).isEqualTo(first);
    assertThat(third.kemOutput()).isNotEqualTo(first.kemOutput());
    assertThat(third.ciphertext()).isNotEqualTo(first.ciphertext());

    // Two seals from one source draw fresh ephemeral keys.
    SeededEntropySource shared = new SeededEntropySource(18);
    assertThat(crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, shared))
        .isNotEqualTo(crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, shared));
  }

  @AllSuites
  void exportSenderAndReceiverAgree(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair pair = keyPair(suite, 19);
    Bytes context = TestBytes.ascii("MLS 1.0 external init secret");
    HpkeExport sent =
        crypto.hpkeExportSender(
            pair.publicKey(), Bytes.EMPTY, context, 48, new SeededEntropySource(20));
    assertThat(sent.exportedSecret().length()).isEqualTo(48);
    Secret received =
        crypto.hpkeExportReceiver(pair.privateKey(), sent.kemOutput(), Bytes.EMPTY, context, 48);
    assertThat(received).isEqualTo(sent.exportedSecret());
    assertThat(
            crypto.hpkeExportReceiver(
                pair.privateKey(), sent.kemOutput(), Bytes.EMPTY, TestBytes.flip(context, 0), 48))
        .isNotEqualTo(received);
    assertThat(
            crypto.hpkeExportReceiver(
                keyPair(suite, 21).privateKey(), sent.kemOutput(), Bytes.EMPTY, context, 48))
        .isNotEqualTo(received);
    assertRejected(
        () ->
            crypto.hpkeExportReceiver(
                pair.privateKey(), Bytes.fromHex("00"), Bytes.EMPTY, context, 48));
  }

  @AllSuites
  void deriveKeyPairIsAFunctionOfIkm(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    Secret ikm = Secret.of(TestBytes.filled(suite.hashLength(), 0x33));
    HpkeKeyPair pair = crypto.deriveKeyPair(ikm);
    assertThat(pair.privateKey().length()).isEqualTo(suite.kem().privateKeyLength);
    assertThat(pair.publicKey().length()).isEqualTo(suite.kem().publicKeyLength);
    assertThat(crypto.deriveKeyPair(ikm).publicKey()).isEqualTo(pair.publicKey());
    assertThat(crypto.hpkePublicKey(pair.privateKey())).isEqualTo(pair.publicKey());
    crypto.validateHpkePublicKey(pair.publicKey());
    assertThat(
            crypto.deriveKeyPair(Secret.of(TestBytes.filled(suite.hashLength(), 0x34))).publicKey())
        .isNotEqualTo(pair.publicKey());
  }

  /** key-schedule.json: external_pub = DeriveKeyPair(external_secret).public, every epoch. */
  @Test
  void deriveKeyPairMatchesTheKeyScheduleVectors() throws IOException {
    List<?> cases;
    try (InputStream in = getClass().getResourceAsStream("/test-vectors/key-schedule.json")) {
      cases = new ObjectMapper().readValue(in, List.class);
    }
    int checked = 0;
    for (Object item : cases) {
      Map<?, ?> vector = (Map<?, ?>) item;
      CipherSuite suite =
          CipherSuite.fromId(((Number) vector.get("cipher_suite")).intValue()).orElseThrow();
      for (Object epochItem : (List<?>) vector.get("epochs")) {
        Map<?, ?> epoch = (Map<?, ?>) epochItem;
        Secret externalSecret = Secret.of(Bytes.fromHex((String) epoch.get("external_secret")));
        assertThat(suite.crypto().deriveKeyPair(externalSecret).publicKey())
            .as("%s external_pub", suite)
            .isEqualTo(Bytes.fromHex((String) epoch.get("external_pub")));
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(7);
  }

  /** The shared provider is used from many threads at once; results must not interfere. */
  @Test
  void concurrentUseOfTheSharedProviders() {
    List<String> parallel =
        IntStream.range(0, 42).parallel().mapToObj(HpkeTest::roundTrip).toList();
    List<String> sequential = IntStream.range(0, 42).mapToObj(HpkeTest::roundTrip).toList();
    assertThat(parallel).isEqualTo(sequential);
  }

  private static String roundTrip(int i) {
    CipherSuite suite = CipherSuite.values()[i % CipherSuite.values().length];
    CryptoProvider crypto = suite.crypto();
    try {
      HpkeKeyPair pair = keyPair(suite, i);
      HpkeCiphertext sealed =
          crypto.hpkeSeal(pair.publicKey(), INFO, AAD, PLAINTEXT, new SeededEntropySource(i));
      Bytes opened = crypto.hpkeOpen(pair.privateKey(), INFO, AAD, sealed);
      SignatureKeyPair signer = crypto.generateSignatureKeyPair(new SeededEntropySource(i));
      Bytes signature = crypto.sign(signer.privateKey(), sealed.ciphertext());
      crypto.verify(signer.publicKey(), sealed.ciphertext(), signature);
      return sealed.kemOutput().toHex() + opened.toHex() + signature.toHex();
    } catch (CryptoException e) {
      throw new AssertionError(e);
    }
  }
}
