package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §8.1: the summary of a group's state that every epoch secret is bound to.
 *
 * <pre>
 * struct {
 *     ProtocolVersion version = mls10;
 *     CipherSuite cipher_suite;
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     opaque tree_hash&lt;V&gt;;
 *     opaque confirmed_transcript_hash&lt;V&gt;;
 *     Extension extensions&lt;V&gt;;
 * } GroupContext;
 * </pre>
 */
public record GroupContext(
    int version,
    int cipherSuite,
    Bytes groupId,
    long epoch,
    Bytes treeHash,
    Bytes confirmedTranscriptHash,
    List<Extension> extensions)
    implements Encodable {
  /** ProtocolVersion mls10. */
  public static final int MLS10 = 1;

  public GroupContext {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(treeHash, "treeHash");
    Objects.requireNonNull(confirmedTranscriptHash, "confirmedTranscriptHash");
    extensions = List.copyOf(extensions);
  }

  public static GroupContext decode(TlsReader reader) throws DecodeException {
    return new GroupContext(
        reader.u16(),
        reader.u16(),
        reader.vlBytes(),
        reader.u64(),
        reader.vlBytes(),
        reader.vlBytes(),
        reader.vector(Extension::decode));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer
        .u16(version)
        .u16(cipherSuite)
        .vlBytes(groupId)
        .u64(epoch)
        .vlBytes(treeHash)
        .vlBytes(confirmedTranscriptHash)
        .vector(extensions);
  }
}
