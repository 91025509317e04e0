package org.mlsmesh.protocol.framing;

import java.security.MessageDigest;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;

/** Encoding and decoding a PublicMessage (RFC 9420 §6.2): the membership tag. */
public final class PublicMessageProtection {
  private PublicMessageProtection() {}

  /**
   * Wraps signed content into a PublicMessage; a member sender's message gets its membership tag
   * {@code MAC(membership_key, AuthenticatedContentTBM)}.
   */
  public static PublicMessage protect(
      CryptoProvider crypto,
      AuthenticatedContent content,
      GroupContext context,
      Secret membershipKey) {
    if (content.wireFormat() != WireFormat.PUBLIC_MESSAGE) {
      throw new IllegalArgumentException("content was signed for " + content.wireFormat());
    }
    Optional<Bytes> tag =
        content.content().sender().kind() == Sender.Kind.MEMBER
            ? Optional.of(membershipTag(crypto, content, context, membershipKey))
            : Optional.empty();
    return new PublicMessage(content.content(), content.auth(), tag);
  }

  /**
   * Checks the membership tag of a member's PublicMessage and returns its content; the signature is
   * checked separately, with the sender's key ({@link ContentSigning#verify}).
   */
  public static AuthenticatedContent unprotect(
      CryptoProvider crypto, PublicMessage message, GroupContext context, Secret membershipKey)
      throws CryptoException {
    AuthenticatedContent content = message.authenticatedContent();
    if (message.membershipTag().isPresent()) {
      Bytes expected = membershipTag(crypto, content, context, membershipKey);
      if (!MessageDigest.isEqual(
          expected.toByteArray(), message.membershipTag().get().toByteArray())) {
        throw new CryptoException("membership tag verification");
      }
    }
    return content;
  }

  static Bytes membershipTag(
      CryptoProvider crypto,
      AuthenticatedContent content,
      GroupContext context,
      Secret membershipKey) {
    return crypto.mac(
        membershipKey, new AuthenticatedContentTbm(content.tbs(context), content.auth()).encoded());
  }
}
