package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.3:
 *
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     ContentType content_type;
 *     opaque authenticated_data&lt;V&gt;;
 *     opaque encrypted_sender_data&lt;V&gt;;
 *     opaque ciphertext&lt;V&gt;;
 * } PrivateMessage;
 * </pre>
 */
public record PrivateMessage(
    Bytes groupId,
    long epoch,
    ContentType contentType,
    Bytes authenticatedData,
    Bytes encryptedSenderData,
    Bytes ciphertext)
    implements Encodable {

  public PrivateMessage {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(authenticatedData, "authenticatedData");
    Objects.requireNonNull(encryptedSenderData, "encryptedSenderData");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  public static PrivateMessage decode(TlsReader reader) throws DecodeException {
    return new PrivateMessage(
        reader.vlBytes(),
        reader.u64(),
        ContentType.decode(reader),
        reader.vlBytes(),
        reader.vlBytes(),
        reader.vlBytes());
  }

  /** The AAD of the sender data encryption (RFC 9420 §6.3.2). */
  public SenderDataAad senderDataAad() {
    return new SenderDataAad(groupId, epoch, contentType);
  }

  /** The AAD of the content encryption (RFC 9420 §6.3.1). */
  public PrivateContentAad contentAad() {
    return new PrivateContentAad(groupId, epoch, contentType, authenticatedData);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(groupId).u64(epoch);
    contentType.encode(writer);
    writer.vlBytes(authenticatedData).vlBytes(encryptedSenderData).vlBytes(ciphertext);
  }
}
