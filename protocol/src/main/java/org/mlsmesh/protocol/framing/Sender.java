package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * RFC 9420 §6:
 *
 * <pre>
 * struct {
 *     SenderType sender_type;
 *     select (Sender.sender_type) {
 *         case member:              uint32 leaf_index;
 *         case external:            uint32 sender_index;
 *         case new_member_commit:
 *         case new_member_proposal: struct{};
 *     };
 * } Sender;
 * </pre>
 */
public sealed interface Sender extends Encodable
    permits Sender.Member, Sender.External, Sender.NewMemberProposal, Sender.NewMemberCommit {

  /** SenderType code points. */
  enum Kind implements CodePoint {
    MEMBER(1),
    EXTERNAL(2),
    NEW_MEMBER_PROPOSAL(3),
    NEW_MEMBER_COMMIT(4);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    public static Kind decode(TlsReader reader) throws DecodeException {
      return reader.u8CodePoint(values(), "sender type");
    }

    @Override
    public int code() {
      return code;
    }
  }

  Kind kind();

  static Sender member(LeafIndex leafIndex) {
    return new Member(leafIndex);
  }

  static Sender external(long senderIndex) {
    return new External(senderIndex);
  }

  static Sender newMemberProposal() {
    return new NewMemberProposal();
  }

  static Sender newMemberCommit() {
    return new NewMemberCommit();
  }

  static Sender decode(TlsReader reader) throws DecodeException {
    Kind kind = Kind.decode(reader);
    return switch (kind) {
      case MEMBER -> new Member(LeafIndex.decode(reader));
      case EXTERNAL -> new External(reader.u32());
      case NEW_MEMBER_PROPOSAL -> new NewMemberProposal();
      case NEW_MEMBER_COMMIT -> new NewMemberCommit();
    };
  }

  /** A member of the group, at its leaf. */
  record Member(LeafIndex leafIndex) implements Sender {
    public Member {
      Objects.requireNonNull(leafIndex, "leafIndex");
    }

    @Override
    public Kind kind() {
      return Kind.MEMBER;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.u8(Kind.MEMBER.code);
      leafIndex.encode(writer);
    }
  }

  /** A sender listed in the external_senders extension, by its index there. */
  record External(long senderIndex) implements Sender {
    public External {
      if (senderIndex < 0 || senderIndex > 0xffffffffL) {
        throw new IllegalArgumentException("sender index out of range: " + senderIndex);
      }
    }

    @Override
    public Kind kind() {
      return Kind.EXTERNAL;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.u8(Kind.EXTERNAL.code).u32(senderIndex);
    }
  }

  /** A non-member proposing to add itself. */
  record NewMemberProposal() implements Sender {
    @Override
    public Kind kind() {
      return Kind.NEW_MEMBER_PROPOSAL;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.u8(Kind.NEW_MEMBER_PROPOSAL.code);
    }
  }

  /** A non-member joining by external commit. */
  record NewMemberCommit() implements Sender {
    @Override
    public Kind kind() {
      return Kind.NEW_MEMBER_COMMIT;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.u8(Kind.NEW_MEMBER_COMMIT.code);
    }
  }
}
