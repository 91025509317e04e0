package org.mlsmesh.protocol.framing;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.GroupContext;

/**
 * RFC 9420 §6.1, what the signature of FramedContentAuthData covers:
 *
 * <pre>
 * struct {
 *     ProtocolVersion version = mls10;
 *     WireFormat wire_format;
 *     FramedContent content;
 *     select (FramedContentTBS.content.sender.sender_type) {
 *         case member:
 *         case new_member_commit: GroupContext context;
 *         case external:
 *         case new_member_proposal: struct{};
 *     };
 * } FramedContentTBS;
 * </pre>
 */
public record FramedContentTbs(
    WireFormat wireFormat, FramedContent content, Optional<GroupContext> context)
    implements Encodable {

  public FramedContentTbs {
    Objects.requireNonNull(wireFormat, "wireFormat");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(context, "context");
    if (context.isPresent() != needsContext(content.sender())) {
      throw new IllegalArgumentException(
          "a group context goes with member and new_member_commit senders only, sender is "
              + content.sender().kind());
    }
  }

  /** Whether the FramedContentTBS of content from {@code sender} includes the GroupContext. */
  public static boolean needsContext(Sender sender) {
    return switch (sender.kind()) {
      case MEMBER, NEW_MEMBER_COMMIT -> true;
      case EXTERNAL, NEW_MEMBER_PROPOSAL -> false;
    };
  }

  /**
   * The TBS of {@code content}: takes {@code context} when the sender needs it and ignores it
   * otherwise.
   */
  public static FramedContentTbs of(
      WireFormat wireFormat, FramedContent content, GroupContext context) {
    Optional<GroupContext> used =
        needsContext(content.sender()) ? Optional.of(context) : Optional.empty();
    return new FramedContentTbs(wireFormat, content, used);
  }

  @Override
  public void encode(TlsWriter writer) {
    ProtocolVersion.MLS10.encode(writer);
    wireFormat.encode(writer);
    content.encode(writer);
    context.ifPresent(value -> value.encode(writer));
  }
}
