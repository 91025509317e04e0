package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.3.2: {@code struct { opaque group_id<V>; uint64 epoch; ContentType content_type; }
 * SenderDataAAD;}
 */
public record SenderDataAad(Bytes groupId, long epoch, ContentType contentType)
    implements Encodable {
  public SenderDataAad {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(contentType, "contentType");
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(groupId).u64(epoch);
    contentType.encode(writer);
  }
}
