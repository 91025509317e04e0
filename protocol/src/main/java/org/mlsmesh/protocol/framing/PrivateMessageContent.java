package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.3.1, the plaintext of {@code PrivateMessage.ciphertext}:
 *
 * <pre>
 * struct {
 *     select (PrivateMessage.content_type) { ... };
 *     FramedContentAuthData auth;
 *     opaque padding[length_of_padding];
 * } PrivateMessageContent;
 * </pre>
 *
 * The padding is every byte after {@code auth} and must be all zero.
 */
public record PrivateMessageContent(Content content, FramedContentAuthData auth, int paddingLength)
    implements Encodable {

  public PrivateMessageContent {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(auth, "auth");
    auth.requireMatches(content.contentType());
    if (paddingLength < 0) {
      throw new IllegalArgumentException("negative padding length " + paddingLength);
    }
  }

  /**
   * Reads the content of type {@code type} (from the enclosing PrivateMessage), its auth data, and
   * the padding: all the remaining bytes of {@code reader}, which must be zero.
   */
  public static PrivateMessageContent decode(TlsReader reader, ContentType type)
      throws DecodeException {
    Content content = Content.decode(reader, type);
    FramedContentAuthData auth = FramedContentAuthData.decode(reader, type);
    int paddingLength = reader.remaining();
    while (reader.hasRemaining()) {
      int at = reader.offset();
      if (reader.u8() != 0) {
        throw new DecodeException("non-zero padding byte", at);
      }
    }
    return new PrivateMessageContent(content, auth, paddingLength);
  }

  @Override
  public void encode(TlsWriter writer) {
    content.encode(writer);
    auth.encode(writer);
    writer.rawBytes(new byte[paddingLength]);
  }
}
