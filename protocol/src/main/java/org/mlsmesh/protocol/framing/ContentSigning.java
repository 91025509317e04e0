package org.mlsmesh.protocol.framing;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;

/** The signature of FramedContentAuthData (RFC 9420 §6.1). */
public final class ContentSigning {
  static final String LABEL = "FramedContentTBS";

  private ContentSigning() {}

  /**
   * Signs {@code content} for sending as {@code wireFormat}; a commit also carries its {@code
   * confirmationTag}, other content none.
   */
  public static AuthenticatedContent sign(
      CryptoProvider crypto,
      WireFormat wireFormat,
      FramedContent content,
      GroupContext context,
      Secret signaturePrivateKey,
      Optional<Bytes> confirmationTag) {
    FramedContentTbs tbs = FramedContentTbs.of(wireFormat, content, context);
    Bytes signature = crypto.signWithLabel(signaturePrivateKey, LABEL, tbs.encoded());
    return new AuthenticatedContent(
        wireFormat, content, new FramedContentAuthData(signature, confirmationTag));
  }

  /** Verifies the signature of {@code content} with the sender's signature key. */
  public static void verify(
      CryptoProvider crypto,
      AuthenticatedContent content,
      GroupContext context,
      Bytes signaturePublicKey)
      throws CryptoException {
    crypto.verifyWithLabel(
        signaturePublicKey, LABEL, content.tbs(context).encoded(), content.auth().signature());
  }
}
