package org.mlsmesh.protocol.message;

import java.util.Optional;
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
 *         case self_remove: SelfRemove;            // 0x000a, draft-ietf-mls-extensions
 *         case 0xF000..0xFFFF: opaque body&lt;V&gt;;  // private use, see CustomProposal
 *     };
 * } Proposal;
 * </pre>
 *
 * {@link #encode} writes the whole Proposal; {@link #encodeBody} only the selected struct (Add,
 * Update, ...). Each variant decodes its bare struct with a static {@code decodeBody}.
 */
public sealed interface Proposal extends Encodable
    permits Add,
        Update,
        Remove,
        PreSharedKey,
        ReInit,
        ExternalInit,
        GroupContextExtensions,
        SelfRemove,
        CustomProposal {

  /** ProposalType code points (RFC 9420 §17.4). */
  enum Kind implements CodePoint {
    ADD(0x0001),
    UPDATE(0x0002),
    REMOVE(0x0003),
    PSK(0x0004),
    REINIT(0x0005),
    EXTERNAL_INIT(0x0006),
    GROUP_CONTEXT_EXTENSIONS(0x0007),
    SELF_REMOVE(SelfRemove.TYPE),
    /** Any type of the private-use range; the proposal's {@link #type()} tells which. */
    CUSTOM(-1);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    /** The kind of proposal type {@code type}, if this library knows it. */
    public static Optional<Kind> of(int type) {
      if (CustomProposal.isPrivateUse(type)) {
        return Optional.of(CUSTOM);
      }
      for (Kind kind : values()) {
        if (kind.code == type) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }

    @Override
    public int code() {
      return code;
    }
  }

  Kind kind();

  /** The proposal_type code point: the kind's, or the private-use type of a custom proposal. */
  default int type() {
    return kind().code;
  }

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
    writer.u16(type());
    encodeBody(writer);
  }

  static Proposal decode(TlsReader reader) throws DecodeException {
    int at = reader.offset();
    int type = reader.u16();
    Kind kind =
        Kind.of(type)
            .orElseThrow(
                () -> new DecodeException(String.format("unknown proposal type 0x%04x", type), at));
    return switch (kind) {
      case ADD -> Add.decodeBody(reader);
      case UPDATE -> Update.decodeBody(reader);
      case REMOVE -> Remove.decodeBody(reader);
      case PSK -> PreSharedKey.decodeBody(reader);
      case REINIT -> ReInit.decodeBody(reader);
      case EXTERNAL_INIT -> ExternalInit.decodeBody(reader);
      case GROUP_CONTEXT_EXTENSIONS -> GroupContextExtensions.decodeBody(reader);
      case SELF_REMOVE -> SelfRemove.decodeBody(reader);
      case CUSTOM -> CustomProposal.decodeBody(type, reader);
    };
  }
}
