package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §12.4: {@code struct { ProposalOrRef proposals<V>; optional<UpdatePath> path; } Commit;}
 *
 * <p>Whether a path is required depends on the proposals; that is checked during validation.
 */
public record Commit(List<ProposalOrRef> proposals, Optional<UpdatePath> path)
    implements Encodable {
  public Commit {
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(path, "path");
  }

  public static Commit decode(TlsReader reader) throws DecodeException {
    return new Commit(reader.vector(ProposalOrRef::decode), reader.optional(UpdatePath::decode));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vector(proposals).optional(path);
  }
}
