package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.3.1: {@code struct { opaque group_id<V>; uint64 epoch; ContentType content_type;
 * opaque authenticated_data<V>; } PrivateContentAAD;}
 */
public record PrivateContentAad(
    Bytes groupId, long epoch, ContentType contentType, Bytes authenticatedData)
    implements Encodable {
  public PrivateContentAad {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(authenticatedData, "authenticatedData");
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(groupId).u64(epoch);
    contentType.encode(writer);
    writer.vlBytes(authenticatedData);
  }
}
