package org.mlsmesh.protocol.tree;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §7.1:
 *
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     opaque parent_hash&lt;V&gt;;
 *     uint32 unmerged_leaves&lt;V&gt;;
 * } ParentNode;
 * </pre>
 *
 * The ordering of {@code unmerged_leaves} is checked by tree validation, not here.
 */
public record ParentNode(Bytes encryptionKey, Bytes parentHash, List<LeafIndex> unmergedLeaves)
    implements Encodable {
  public ParentNode {
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    Objects.requireNonNull(parentHash, "parentHash");
    unmergedLeaves = List.copyOf(unmergedLeaves);
  }

  public static ParentNode decode(TlsReader reader) throws DecodeException {
    return new ParentNode(reader.vlBytes(), reader.vlBytes(), reader.vector(LeafIndex::decode));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(encryptionKey).vlBytes(parentHash).vector(unmergedLeaves, (w, i) -> i.encode(w));
  }
}
