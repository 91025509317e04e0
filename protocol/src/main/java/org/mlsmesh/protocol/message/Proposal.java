package org.mlsmesh.protocol.message;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §12.1:
 *
 * <pre>
 * struct {
 *     ProposalType proposal_type;
 *     select (Proposal.proposal_type) {
 *         case add: Add;  case update: Update;  case remove: Remove;  case psk: PreSharedKey;
 *         case reinit: ReInit;  case external_init: ExternalInit;
 *         case group_context_extensions: GroupContextExtensions;
 *     };
 * } Proposal;
 * </pre>
 *
 * {@link #encode} writes the whole Proposal; {@link #encodeBody} only the selected struct (Add,
 * Update, ...). Each variant decodes its bare struct with a static {@code decodeBody}.
 */
public sealed interface Proposal extends Encodable
    permits Add, Update, Remove, PreSharedKey, ReInit, ExternalInit, GroupContextExtensions {

  /** ProposalType code points (RFC 9420 §17.4). */
  enum Kind implements CodePoint {
    ADD(0x0001),
    UPDATE(0x0002),
    REMOVE(0x0003),
    PSK(0x0004),
    REINIT(0x0005),
    EXTERNAL_INIT(0x0006),
    GROUP_CONTEXT_EXTENSIONS(0x0007);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    /** Reads a proposal type; an unknown one is a decode error at its offset. */
    public static Kind decode(TlsReader reader) throws DecodeException {
      return reader.u16CodePoint(values(), "proposal type");
    }

    @Override
    public int code() {
      return code;
    }
  }

  Kind kind();

  /** Writes the selected struct without the proposal type. */
  void encodeBody(TlsWriter writer);

  /** The encoding of the selected struct without the proposal type. */
  default Bytes encodedBody() {
    TlsWriter writer = new TlsWriter();
    encodeBody(writer);
    return writer.toBytes();
  }

  @Override
  default void encode(TlsWriter writer) {
    writer.u16(kind().code);
    encodeBody(writer);
  }

  static Proposal decode(TlsReader reader) throws DecodeException {
    Kind kind = Kind.decode(reader);
    return switch (kind) {
      case ADD -> Add.decodeBody(reader);
      case UPDATE -> Update.decodeBody(reader);
      case REMOVE -> Remove.decodeBody(reader);
      case PSK -> PreSharedKey.decodeBody(reader);
      case REINIT -> ReInit.decodeBody(reader);
      case EXTERNAL_INIT -> ExternalInit.decodeBody(reader);
      case GROUP_CONTEXT_EXTENSIONS -> GroupContextExtensions.decodeBody(reader);
    };
  }
}
