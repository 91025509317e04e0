package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §12.4:
 *
 * <pre>
 * struct {
 *   ProposalOrRefType type;
 *   select (ProposalOrRef.type) {
 *     case proposal:  Proposal proposal;
 *     case reference: ProposalRef reference;
 *   };
 * } ProposalOrRef;
 * </pre>
 *
 * A ProposalRef is an opaque {@code HashReference<V>} (§5.2).
 */
public sealed interface ProposalOrRef extends Encodable
    permits ProposalOrRef.ByValue, ProposalOrRef.ByReference {

  /** ProposalOrRefType: proposal(1), reference(2). */
  enum Kind implements CodePoint {
    PROPOSAL(1),
    REFERENCE(2);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    public static Kind decode(TlsReader reader) throws DecodeException {
      return reader.u8CodePoint(values(), "ProposalOrRef type");
    }

    @Override
    public int code() {
      return code;
    }
  }

  Kind kind();

  static ProposalOrRef byValue(Proposal proposal) {
    return new ByValue(proposal);
  }

  static ProposalOrRef byReference(Bytes reference) {
    return new ByReference(reference);
  }

  static ProposalOrRef decode(TlsReader reader) throws DecodeException {
    Kind kind = Kind.decode(reader);
    return switch (kind) {
      case PROPOSAL -> new ByValue(Proposal.decode(reader));
      case REFERENCE -> new ByReference(reader.vlBytes());
    };
  }

  /** A proposal carried inline in the Commit. */
  record ByValue(Proposal proposal) implements ProposalOrRef {
    public ByValue {
      Objects.requireNonNull(proposal, "proposal");
    }

    @Override
    public Kind kind() {
      return Kind.PROPOSAL;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.u8(Kind.PROPOSAL.code);
      proposal.encode(writer);
    }
  }

  /** A proposal sent earlier, named by its ProposalRef. */
  record ByReference(Bytes reference) implements ProposalOrRef {
    public ByReference {
      Objects.requireNonNull(reference, "reference");
    }

    @Override
    public Kind kind() {
      return Kind.REFERENCE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.u8(Kind.REFERENCE.code).vlBytes(reference);
    }
  }
}
