package org.mlsmesh.protocol.framing;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.schedule.KeyAndNonce;
import org.mlsmesh.protocol.schedule.RatchetKey;
import org.mlsmesh.protocol.schedule.RatchetType;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.schedule.SecretTreeException;
import org.mlsmesh.protocol.schedule.SenderDataKeys;

/**
 * Encrypting and decrypting a PrivateMessage (RFC 9420 §6.3): content encryption under the sender's
 * ratchet key with a fresh reuse guard, then sender-data encryption under keys derived from the
 * ciphertext sample. Keys are destroyed after one use (§9.2).
 */
public final class PrivateMessageProtection {
  private PrivateMessageProtection() {}

  /** Which ratchet protects content of {@code type}: application data or handshake (§9). */
  public static RatchetType ratchetFor(ContentType type) {
    return type == ContentType.APPLICATION ? RatchetType.APPLICATION : RatchetType.HANDSHAKE;
  }

  /**
   * Encrypts signed content from a member, taking the next key of its ratchet in {@code tree}.
   *
   * @param paddingLength the number of zero bytes to append to the plaintext
   */
  public static PrivateMessage protect(
      CryptoProvider crypto,
      AuthenticatedContent content,
      SecretTree tree,
      Secret senderDataSecret,
      int paddingLength,
      EntropySource random)
      throws SecretTreeException {
    if (content.wireFormat() != WireFormat.PRIVATE_MESSAGE) {
      throw new IllegalArgumentException("content was signed for " + content.wireFormat());
    }
    FramedContent framed = content.content();
    if (!(framed.sender() instanceof Sender.Member member)) {
      // RFC 9420 §6.3.2: only members send PrivateMessages.
      throw new IllegalArgumentException("a PrivateMessage needs a member sender");
    }
    ContentType type = framed.contentType();
    PrivateContentAad contentAad =
        new PrivateContentAad(framed.groupId(), framed.epoch(), type, framed.authenticatedData());
    Bytes plaintext =
        new PrivateMessageContent(framed.content(), content.auth(), paddingLength).encoded();
    Bytes reuseGuard = Bytes.wrap(random.randomBytes(SenderData.REUSE_GUARD_LENGTH));

    RatchetKey key = tree.next(member.leafIndex(), ratchetFor(type));
    Bytes ciphertext;
    try (Guarded nonce = Guarded.xor(key.nonce(), reuseGuard)) {
      ciphertext = crypto.aeadSeal(key.key(), nonce.secret, contentAad.encoded(), plaintext);
    } finally {
      key.destroy();
    }

    SenderData senderData = new SenderData(member.leafIndex(), key.generation(), reuseGuard);
    SenderDataAad senderDataAad = new SenderDataAad(framed.groupId(), framed.epoch(), type);
    KeyAndNonce senderKeys = SenderDataKeys.derive(crypto, senderDataSecret, ciphertext);
    Bytes encryptedSenderData;
    try {
      encryptedSenderData =
          crypto.aeadSeal(
              senderKeys.key(), senderKeys.nonce(), senderDataAad.encoded(), senderData.encoded());
    } finally {
      senderKeys.destroy();
    }
    return new PrivateMessage(
        framed.groupId(),
        framed.epoch(),
        type,
        framed.authenticatedData(),
        encryptedSenderData,
        ciphertext);
  }

  /**
   * Decrypts the sender data (RFC 9420 §6.3.2). The caller must check that the leaf it names is a
   * non-blank leaf of the tree before trusting it.
   */
  public static SenderData decryptSenderData(
      CryptoProvider crypto, PrivateMessage message, Secret senderDataSecret)
      throws CryptoException, DecodeException {
    KeyAndNonce senderKeys = SenderDataKeys.derive(crypto, senderDataSecret, message.ciphertext());
    Bytes plaintext;
    try {
      plaintext =
          crypto.aeadOpen(
              senderKeys.key(),
              senderKeys.nonce(),
              message.senderDataAad().encoded(),
              message.encryptedSenderData());
    } finally {
      senderKeys.destroy();
    }
    return TlsReader.decodeAll(plaintext, SenderData::decode);
  }

  /**
   * Decrypts the content of a PrivateMessage whose sender data was decrypted by {@link
   * #decryptSenderData}, taking (and consuming) the sender's key for its generation. The signature
   * is checked separately ({@link ContentSigning#verify}).
   */
  public static AuthenticatedContent decryptContent(
      CryptoProvider crypto, PrivateMessage message, SenderData senderData, SecretTree tree)
      throws CryptoException, DecodeException, SecretTreeException {
    ContentType type = message.contentType();
    KeyAndNonce key =
        tree.keyFor(senderData.leafIndex(), ratchetFor(type), senderData.generation());
    Bytes plaintext;
    try (Guarded nonce = Guarded.xor(key.nonce(), senderData.reuseGuard())) {
      plaintext =
          crypto.aeadOpen(
              key.key(), nonce.secret, message.contentAad().encoded(), message.ciphertext());
    } finally {
      key.destroy();
    }
    PrivateMessageContent decrypted =
        TlsReader.decodeAll(plaintext, reader -> PrivateMessageContent.decode(reader, type));
    FramedContent framed =
        new FramedContent(
            message.groupId(),
            message.epoch(),
            Sender.member(senderData.leafIndex()),
            message.authenticatedData(),
            decrypted.content());
    return new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, framed, decrypted.auth());
  }

  /** Both steps of decryption, for callers that check the sender's leaf afterwards. */
  public static AuthenticatedContent unprotect(
      CryptoProvider crypto, PrivateMessage message, SecretTree tree, Secret senderDataSecret)
      throws CryptoException, DecodeException, SecretTreeException {
    SenderData senderData = decryptSenderData(crypto, message, senderDataSecret);
    return decryptContent(crypto, message, senderData, tree);
  }

  /** The content nonce: the ratchet nonce with its first four bytes XORed with the reuse guard. */
  private static final class Guarded implements AutoCloseable {
    final Secret secret;

    private Guarded(Secret secret) {
      this.secret = secret;
    }

    static Guarded xor(Secret nonce, Bytes reuseGuard) {
      byte[] value = nonce.exposeBytes();
      for (int i = 0; i < reuseGuard.length(); i++) {
        value[i] ^= reuseGuard.get(i);
      }
      return new Guarded(Secret.wrap(value));
    }

    @Override
    public void close() {
      secret.destroy();
    }
  }
}
