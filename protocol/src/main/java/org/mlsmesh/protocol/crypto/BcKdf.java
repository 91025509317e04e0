package org.mlsmesh.protocol.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Hash, HMAC and HKDF (RFC 5869) over the suite's SHA-2 function. Stateless: every call builds its
 * own digest, so one instance is shared by all threads.
 */
final class BcKdf {
  private final CipherSuite.Kdf kdf;

  BcKdf(CipherSuite.Kdf kdf) {
    this.kdf = kdf;
  }

  int hashLength() {
    return kdf.hashLength;
  }

  Digest newDigest() {
    return switch (kdf) {
      case HKDF_SHA256 -> new SHA256Digest();
      case HKDF_SHA384 -> new SHA384Digest();
      case HKDF_SHA512 -> new SHA512Digest();
    };
  }

  byte[] hash(byte[] data) {
    Digest digest = newDigest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  byte[] hmac(byte[] key, byte[] data) {
    HMac mac = new HMac(newDigest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }

  /** HKDF-Extract(salt, ikm) = HMAC(salt, ikm); an empty salt acts as Nh zero bytes. */
  byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt, ikm);
  }

  /** HKDF-Expand(prk, info, length): T(i) = HMAC(prk, T(i-1) | info | i). */
  byte[] expand(byte[] prk, byte[] info, int length) {
    int hashLength = kdf.hashLength;
    if (length < 0 || length > 255 * hashLength) {
      throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
    }
    HMac mac = new HMac(newDigest());
    mac.init(new KeyParameter(prk));
    byte[] out = new byte[length];
    byte[] block = new byte[hashLength];
    int produced = 0;
    for (int counter = 1; produced < length; counter++) {
      if (counter > 1) {
        mac.update(block, 0, hashLength);
      }
      mac.update(info, 0, info.length);
      mac.update((byte) counter);
      mac.doFinal(block, 0); // also resets the MAC to the keyed state
      int take = Math.min(hashLength, length - produced);
      System.arraycopy(block, 0, out, produced, take);
      produced += take;
    }
    Arrays.fill(block, (byte) 0);
    return out;
  }
}
