package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6:
 *
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     Sender sender;
 *     opaque authenticated_data&lt;V&gt;;
 *     ContentType content_type;
 *     select (FramedContent.content_type) { ... };
 * } FramedContent;
 * </pre>
 */
public record FramedContent(
    Bytes groupId, long epoch, Sender sender, Bytes authenticatedData, Content content)
    implements Encodable {

  public FramedContent {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(authenticatedData, "authenticatedData");
    Objects.requireNonNull(content, "content");
  }

  public ContentType contentType() {
    return content.contentType();
  }

  public static FramedContent decode(TlsReader reader) throws DecodeException {
    Bytes groupId = reader.vlBytes();
    long epoch = reader.u64();
    Sender sender = Sender.decode(reader);
    Bytes authenticatedData = reader.vlBytes();
    ContentType type = ContentType.decode(reader);
    return new FramedContent(
        groupId, epoch, sender, authenticatedData, Content.decode(reader, type));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(groupId).u64(epoch);
    sender.encode(writer);
    writer.vlBytes(authenticatedData);
    content.contentType().encode(writer);
    content.encode(writer);
  }
}
