package org.mlsmesh.protocol.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.util.BigIntegers;

/** Private scalars of the NIST curves as big-endian byte strings. */
final class EcScalars {
  private EcScalars() {}

  /**
   * The big-endian scalar {@code encoded}, of at most the byte length of {@code n}; fails unless 0
   * < d < n. Shorter encodings (leading zero bytes left out) are accepted: the official MLS test
   * vectors carry a 65-byte P-521 signature key.
   */
  static BigInteger decode(BigInteger n, byte[] encoded, String what) throws CryptoException {
    if (encoded.length == 0 || encoded.length > BigIntegers.getUnsignedByteLength(n)) {
      throw new CryptoException(what);
    }
    BigInteger d = new BigInteger(1, encoded);
    if (d.signum() == 0 || d.compareTo(n) >= 0) {
      throw new CryptoException(what);
    }
    return d;
  }

  /**
   * A uniform scalar in [1, n-1]: draws byte strings of n's length, masks the bits above n's bit
   * length and rejects out-of-range values (as RFC 9180 §7.1.3 DeriveKeyPair does).
   */
  static byte[] randomScalar(BigInteger n, EntropySource random) {
    int length = BigIntegers.getUnsignedByteLength(n);
    int excessBits = length * 8 - n.bitLength();
    byte[] candidate = new byte[length];
    while (true) {
      random.nextBytes(candidate);
      candidate[0] &= (byte) (0xff >>> excessBits);
      BigInteger d = new BigInteger(1, candidate);
      if (d.signum() != 0 && d.compareTo(n) < 0) {
        return candidate;
      }
      Arrays.fill(candidate, (byte) 0);
    }
  }

  /** {@code d} as a big-endian string of n's byte length. */
  static byte[] encode(BigInteger n, BigInteger d) {
    return BigIntegers.asUnsignedByteArray(BigIntegers.getUnsignedByteLength(n), d);
  }
}
