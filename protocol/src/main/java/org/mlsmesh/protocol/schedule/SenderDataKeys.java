package org.mlsmesh.protocol.schedule;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;

/** The key and nonce that protect a PrivateMessage's SenderData (RFC 9420 §6.3.2). */
public final class SenderDataKeys {
  private SenderDataKeys() {}

  /**
   * {@code ExpandWithLabel(sender_data_secret, "key" | "nonce", ciphertext_sample, Nk | Nn)}, where
   * the sample is the first Nh bytes of the content ciphertext, or all of it when shorter.
   */
  public static KeyAndNonce derive(
      CryptoProvider crypto, Secret senderDataSecret, Bytes ciphertext) {
    int nh = crypto.suite().hashLength();
    Bytes sample = ciphertext.length() <= nh ? ciphertext : ciphertext.slice(0, nh);
    Secret key =
        crypto.expandWithLabel(senderDataSecret, "key", sample, crypto.suite().aeadKeyLength());
    Secret nonce =
        crypto.expandWithLabel(senderDataSecret, "nonce", sample, crypto.suite().aeadNonceLength());
    return new KeyAndNonce(key, nonce);
  }
}
