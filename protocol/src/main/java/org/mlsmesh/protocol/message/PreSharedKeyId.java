package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §8.4: PreSharedKeyID, naming an external PSK or a resumption PSK, plus a fresh nonce.
 *
 * <pre>
 * struct {
 *   PSKType psktype;
 *   select (PreSharedKeyID.psktype) {
 *     case external:   opaque psk_id&lt;V&gt;;
 *     case resumption: ResumptionPSKUsage usage; opaque psk_group_id&lt;V&gt;; uint64 psk_epoch;
 *   };
 *   opaque psk_nonce&lt;V&gt;;
 * } PreSharedKeyID;
 * </pre>
 *
 * For an external PSK, {@code usage}, {@code pskGroupId} and {@code pskEpoch} are unused (0, empty,
 * 0); for a resumption PSK, {@code pskId} is empty.
 */
public record PreSharedKeyId(
    PskType type, Bytes pskId, ResumptionUsage usage, Bytes pskGroupId, long pskEpoch, Bytes nonce)
    implements Encodable {

  /** PSKType: external(1), resumption(2). */
  public enum PskType {
    EXTERNAL(1),
    RESUMPTION(2);

    public final int code;

    PskType(int code) {
      this.code = code;
    }
  }

  /** ResumptionPSKUsage: application(1), reinit(2), branch(3). */
  public enum ResumptionUsage {
    NONE(0),
    APPLICATION(1),
    REINIT(2),
    BRANCH(3);

    public final int code;

    ResumptionUsage(int code) {
      this.code = code;
    }
  }

  public PreSharedKeyId {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(pskId, "pskId");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(pskGroupId, "pskGroupId");
    Objects.requireNonNull(nonce, "nonce");
    if ((type == PskType.RESUMPTION) == (usage == ResumptionUsage.NONE)) {
      throw new IllegalArgumentException("a resumption PSK needs a usage, an external one none");
    }
  }

  public static PreSharedKeyId external(Bytes pskId, Bytes nonce) {
    return new PreSharedKeyId(PskType.EXTERNAL, pskId, ResumptionUsage.NONE, Bytes.EMPTY, 0, nonce);
  }

  public static PreSharedKeyId resumption(
      ResumptionUsage usage, Bytes groupId, long epoch, Bytes nonce) {
    return new PreSharedKeyId(PskType.RESUMPTION, Bytes.EMPTY, usage, groupId, epoch, nonce);
  }

  public static PreSharedKeyId decode(TlsReader reader) throws DecodeException {
    int start = reader.offset();
    int type = reader.u8();
    switch (type) {
      case 1:
        return external(reader.vlBytes(), reader.vlBytes());
      case 2:
        int usageOffset = reader.offset();
        int usage = reader.u8();
        if (usage < 1 || usage > 3) {
          throw new DecodeException("unknown resumption PSK usage " + usage, usageOffset);
        }
        return resumption(
            ResumptionUsage.values()[usage], reader.vlBytes(), reader.u64(), reader.vlBytes());
      default:
        throw new DecodeException("unknown PSK type " + type, start);
    }
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.u8(type.code);
    if (type == PskType.EXTERNAL) {
      writer.vlBytes(pskId);
    } else {
      writer.u8(usage.code).vlBytes(pskGroupId).u64(pskEpoch);
    }
    writer.vlBytes(nonce);
  }
}
