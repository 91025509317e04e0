package org.mlsmesh.protocol.framing;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.2:
 *
 * <pre>
 * struct {
 *     FramedContent content;
 *     FramedContentAuthData auth;
 *     select (PublicMessage.content.sender.sender_type) {
 *         case member: MAC membership_tag;
 *         case external:
 *         case new_member_commit:
 *         case new_member_proposal: struct{};
 *     };
 * } PublicMessage;
 * </pre>
 */
public record PublicMessage(
    FramedContent content, FramedContentAuthData auth, Optional<Bytes> membershipTag)
    implements Encodable {

  public PublicMessage {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(membershipTag, "membershipTag");
    auth.requireMatches(content.contentType());
    if (membershipTag.isPresent() != (content.sender().kind() == Sender.Kind.MEMBER)) {
      throw new IllegalArgumentException(
          "a membership tag goes with member senders only, sender is " + content.sender().kind());
    }
  }

  public static PublicMessage decode(TlsReader reader) throws DecodeException {
    FramedContent content = FramedContent.decode(reader);
    FramedContentAuthData auth = FramedContentAuthData.decode(reader, content.contentType());
    Optional<Bytes> membershipTag =
        switch (content.sender().kind()) {
          case MEMBER -> Optional.of(reader.vlBytes());
          case EXTERNAL, NEW_MEMBER_PROPOSAL, NEW_MEMBER_COMMIT -> Optional.empty();
        };
    return new PublicMessage(content, auth, membershipTag);
  }

  /** The content with its auth data, as sent in a PublicMessage. */
  public AuthenticatedContent authenticatedContent() {
    return new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content, auth);
  }

  @Override
  public void encode(TlsWriter writer) {
    content.encode(writer);
    auth.encode(writer);
    membershipTag.ifPresent(writer::vlBytes);
  }
}
