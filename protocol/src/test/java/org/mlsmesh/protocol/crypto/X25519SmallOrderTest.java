package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.protocol.crypto.AeadTest.assertRejected;

import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/** The small-order lookup agrees with a scalar multiplication, which it replaces. */
class X25519SmallOrderTest {
  private static final List<String> SMALL_ORDER =
      List.of(
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
          "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

  private static boolean sharedSecretIsZero(byte[] u, byte[] scalar) {
    return !X25519.calculateAgreement(scalar, 0, u, 0, new byte[X25519.POINT_SIZE], 0);
  }

  @Test
  void smallOrderKeysAreThoseWithAnAllZeroSharedSecret() {
    SeededEntropySource random = new SeededEntropySource(4);
    byte[] scalar = random.randomBytes(32);
    for (String hex : SMALL_ORDER) {
      for (boolean highBit : new boolean[] {false, true}) {
        byte[] u = Bytes.fromHex(hex).toByteArray();
        if (highBit) {
          u[31] |= (byte) 0x80;
        }
        assertThat(sharedSecretIsZero(u, scalar)).as(hex).isTrue();
        assertThat(X25519SmallOrder.isSmallOrder(u)).as(hex).isTrue();
      }
    }
    for (int i = 0; i < 2000; i++) {
      byte[] u = random.randomBytes(32);
      if (i % 2 == 0) {
        // Near the small-order encodings: one byte changed.
        u = Bytes.fromHex(SMALL_ORDER.get(i % SMALL_ORDER.size())).toByteArray();
        u[(i / 2) % 32] ^= (byte) (1 + i % 127);
      }
      assertThat(X25519SmallOrder.isSmallOrder(u)).isEqualTo(sharedSecretIsZero(u, scalar));
    }
  }

  @Test
  void providerRejectsSmallOrderKeys() throws CryptoException {
    CryptoProvider crypto = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto();
    for (String hex : SMALL_ORDER) {
      assertRejected(() -> crypto.validateHpkePublicKey(Bytes.fromHex(hex)));
    }
    crypto.validateHpkePublicKey(crypto.generateKeyPair(new SeededEntropySource(5)).publicKey());
  }
}
