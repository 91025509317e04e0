package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * RFC 9420 §12.4.3:
 *
 * <pre>
 * struct {
 *     GroupContext group_context;
 *     Extension extensions&lt;V&gt;;
 *     MAC confirmation_tag;
 *     uint32 signer;
 *     opaque signature&lt;V&gt;;
 * } GroupInfo;
 * </pre>
 */
public record GroupInfo(
    GroupContext groupContext,
    List<Extension> extensions,
    Bytes confirmationTag,
    LeafIndex signer,
    Bytes signature)
    implements Encodable {

  public GroupInfo {
    Objects.requireNonNull(groupContext, "groupContext");
    extensions = List.copyOf(extensions);
    Objects.requireNonNull(confirmationTag, "confirmationTag");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }

  public static GroupInfo decode(TlsReader reader) throws DecodeException {
    return new GroupInfo(
        GroupContext.decode(reader),
        reader.vector(Extension::decode),
        reader.vlBytes(),
        LeafIndex.decode(reader),
        reader.vlBytes());
  }

  private void encodeContent(TlsWriter writer) {
    groupContext.encode(writer);
    writer.vector(extensions).vlBytes(confirmationTag);
    signer.encode(writer);
  }

  @Override
  public void encode(TlsWriter writer) {
    encodeContent(writer);
    writer.vlBytes(signature);
  }

  /** The encoded GroupInfoTBS (RFC 9420 §12.4.3): every field but the signature. */
  public Bytes tbs() {
    TlsWriter writer = new TlsWriter();
    encodeContent(writer);
    return writer.toBytes();
  }
}
