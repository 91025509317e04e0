package org.mlsmesh.protocol.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The suite's AEAD (AES-GCM or ChaCha20-Poly1305) with a 16-byte tag appended to the ciphertext.
 */
final class BcAead {
  private static final int TAG_BITS = 128;

  private final CipherSuite.Aead aead;

  BcAead(CipherSuite.Aead aead) {
    this.aead = aead;
  }

  private AEADCipher newCipher() {
    return switch (aead) {
      // Every MLS message has its own key (RFC 9420 §9), so the default multiplier's per-key
      // 4 KiB table costs more than it saves: the basic one is ~5x faster for short messages.
      case AES_128_GCM, AES_256_GCM ->
          GCMBlockCipher.newInstance(AESEngine.newInstance(), new BasicGCMMultiplier());
      case CHACHA20_POLY1305 -> new ChaCha20Poly1305();
    };
  }

  private AEADCipher init(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    if (key.length != aead.keyLength) {
      throw new IllegalArgumentException("AEAD key must be " + aead.keyLength + " bytes");
    }
    if (nonce.length != aead.nonceLength) {
      throw new IllegalArgumentException("AEAD nonce must be " + aead.nonceLength + " bytes");
    }
    AEADCipher cipher = newCipher();
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
    return cipher;
  }

  byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    AEADCipher cipher = init(true, key, nonce, aad);
    byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
    int written = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      cipher.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AEAD encryption cannot fail", e);
    }
    return out;
  }

  byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) throws CryptoException {
    if (ciphertext.length < TAG_BITS / 8) {
      throw new CryptoException("AEAD open");
    }
    AEADCipher cipher = init(false, key, nonce, aad);
    byte[] out = new byte[cipher.getOutputSize(ciphertext.length)];
    try {
      int written = cipher.processBytes(ciphertext, 0, ciphertext.length, out, 0);
      cipher.doFinal(out, written);
    } catch (InvalidCipherTextException | RuntimeException e) {
      Arrays.fill(out, (byte) 0);
      throw new CryptoException("AEAD open", e);
    }
    return out;
  }
}
