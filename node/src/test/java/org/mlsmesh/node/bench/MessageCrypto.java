package org.mlsmesh.node.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;

/**
 * The crypto one application message costs a group (RFC 9420 §6.3, §9; suite 1, the nodes' suite),
 * in CPU time of the measuring thread: at the sender, the key and nonce of its generation and the
 * next ratchet secret (three DeriveTreeSecret), SignWithLabel over the content, AEAD seal of the
 * content and of the sender data (its key and nonce: two ExpandWithLabel); at each receiver the
 * same derivations, two AEAD opens and VerifyWithLabel. The floor under what a node spends per
 * message, measured in the same run as the nodes.
 */
final class MessageCrypto {
  private static final CryptoProvider CRYPTO =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto();

  private final int receivers;
  private final SignatureKeyPair signer;
  private final Secret treeSecret = random(32);
  private final Secret senderDataSecret = random(32);
  private final Bytes content;
  private final Bytes aad = Bytes.wrap(new byte[48]);

  MessageCrypto(int payloadBytes, int receivers) {
    this.receivers = receivers;
    this.signer = CRYPTO.generateSignatureKeyPair(new SecureEntropySource());
    // FramedContentTBS of an application message: version, wire format, group id, epoch, sender,
    // authenticated data, the payload, and the group context (about 150 bytes besides the payload).
    this.content = Bytes.wrap(new byte[payloadBytes + 150]);
  }

  /** CPU milliseconds of one message to {@code receivers} others, over {@code rounds} messages. */
  double cpuMillisPerMessage(int rounds) throws CryptoException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < rounds; i++) {
      oneMessage(i); // warm-up
    }
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < rounds; i++) {
      oneMessage(i);
    }
    return (threads.getCurrentThreadCpuTime() - start) / 1e6 / rounds;
  }

  private void oneMessage(long generation) throws CryptoException {
    Bytes signature = CRYPTO.signWithLabel(signer.privateKey(), "FramedContentTBS", content);
    Bytes ciphertext;
    Bytes senderData;
    try (Keys keys = new Keys(generation)) {
      ciphertext = CRYPTO.aeadSeal(keys.key, keys.nonce, aad, Bytes.concat(content, signature));
      senderData = CRYPTO.aeadSeal(keys.senderKey, keys.senderNonce, aad, Bytes.wrap(new byte[12]));
    }
    for (int r = 0; r < receivers; r++) {
      try (Keys keys = new Keys(generation)) {
        CRYPTO.aeadOpen(keys.senderKey, keys.senderNonce, aad, senderData);
        CRYPTO.aeadOpen(keys.key, keys.nonce, aad, ciphertext);
      }
      CRYPTO.verifyWithLabel(signer.publicKey(), "FramedContentTBS", content, signature);
    }
  }

  /** The secrets one side derives for one message. */
  private final class Keys implements AutoCloseable {
    final Secret key;
    final Secret nonce;
    final Secret next;
    final Secret senderKey;
    final Secret senderNonce;

    Keys(long generation) {
      key = CRYPTO.deriveTreeSecret(treeSecret, "key", generation, 16);
      nonce = CRYPTO.deriveTreeSecret(treeSecret, "nonce", generation, 12);
      next = CRYPTO.deriveTreeSecret(treeSecret, "secret", generation, 32);
      Bytes sample = Bytes.wrap(new byte[32]);
      senderKey = CRYPTO.expandWithLabel(senderDataSecret, "key", sample, 16);
      senderNonce = CRYPTO.expandWithLabel(senderDataSecret, "nonce", sample, 12);
    }

    @Override
    public void close() {
      key.destroy();
      nonce.destroy();
      next.destroy();
      senderKey.destroy();
      senderNonce.destroy();
    }
  }

  private static Secret random(int length) {
    byte[] bytes = new byte[length];
    new SecureEntropySource().nextBytes(bytes);
    return Secret.wrap(bytes);
  }
}
