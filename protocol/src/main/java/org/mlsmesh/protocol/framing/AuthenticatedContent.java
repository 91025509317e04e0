package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.GroupContext;

/**
 * RFC 9420 §6: struct { WireFormat wire_format; FramedContent content; FramedContentAuthData auth;
 * } AuthenticatedContent;
 *
 * <p>This is the wire struct only; whether its signature has been verified is tracked elsewhere.
 */
public record AuthenticatedContent(
    WireFormat wireFormat, FramedContent content, FramedContentAuthData auth) implements Encodable {

  public AuthenticatedContent {
    Objects.requireNonNull(wireFormat, "wireFormat");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(auth, "auth");
    auth.requireMatches(content.contentType());
  }

  public static AuthenticatedContent decode(TlsReader reader) throws DecodeException {
    WireFormat wireFormat = WireFormat.decode(reader);
    FramedContent content = FramedContent.decode(reader);
    return new AuthenticatedContent(
        wireFormat, content, FramedContentAuthData.decode(reader, content.contentType()));
  }

  /** The FramedContentTBS the signature covers; {@code context} is used if the sender needs it. */
  public FramedContentTbs tbs(GroupContext context) {
    return FramedContentTbs.of(wireFormat, content, context);
  }

  @Override
  public void encode(TlsWriter writer) {
    wireFormat.encode(writer);
    content.encode(writer);
    auth.encode(writer);
  }
}
