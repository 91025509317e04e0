package org.mlsmesh.consensus.mls;

import java.util.Objects;
import java.util.OptionalLong;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The authenticated_data of every MLS message the mesh sends (RFC 9420 §6: authenticated by the
 * signature and, for a PrivateMessage, the AEAD, but not encrypted): the id of the epoch the
 * message was framed in, which for a Commit is its parent. Receivers look the epoch up by this id
 * (two forks of one epoch number have different ids) and staging checks it. Version 2 adds the
 * sender's wall-clock time of sending, from which receivers measure the delivery delay that sizes
 * the settle window (authenticated, so a relay cannot skew it; the sender's clock can). Version 3,
 * on the external Commit of a member that rejoins after its branch lost a partition, adds the
 * number of the last epoch it shared with the surviving branch: the other members re-send what they
 * sent from that epoch on, which the rejoiner could never read (RFC 9420 §14).
 *
 * <pre>
 * struct {
 *   uint8 version;          // 1, 2 or 3
 *   opaque epoch_id&lt;V&gt;;   // at most 64 bytes
 *   select (version) {
 *     case 1: struct {};
 *     case 2: uint64 sent_at_millis;   // Unix time in milliseconds
 *     case 3: uint64 sent_at_millis; uint64 rejoin_since_epoch;
 *   };
 * } MeshHeader;
 * </pre>
 */
public record MeshHeader(EpochId epoch, OptionalLong sentAtMillis, OptionalLong rejoinSince) {
  public static final int VERSION = 1;
  public static final int VERSION_WITH_SEND_TIME = 2;
  public static final int VERSION_WITH_REJOIN = 3;
  public static final int MAX_EPOCH_ID = 64;

  public MeshHeader {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(sentAtMillis, "sentAtMillis");
    Objects.requireNonNull(rejoinSince, "rejoinSince");
    if (rejoinSince.isPresent() && (sentAtMillis.isEmpty() || rejoinSince.getAsLong() < 0)) {
      throw new IllegalArgumentException("a rejoin header carries a send time and an epoch");
    }
    if (epoch.value().length() > MAX_EPOCH_ID) {
      throw new IllegalArgumentException("epoch id longer than " + MAX_EPOCH_ID + " bytes");
    }
    if (sentAtMillis.isPresent() && sentAtMillis.getAsLong() < 0) {
      throw new IllegalArgumentException("negative send time");
    }
  }

  /** A version 1 header: no send time. */
  public MeshHeader(EpochId epoch) {
    this(epoch, OptionalLong.empty(), OptionalLong.empty());
  }

  /** A version 2 header, sent at {@code sentAtMillis}. */
  public MeshHeader(EpochId epoch, long sentAtMillis) {
    this(epoch, OptionalLong.of(sentAtMillis), OptionalLong.empty());
  }

  /**
   * A version 3 header: a rejoin that shared epochs up to {@code rejoinSince} with the survivor.
   */
  public static MeshHeader rejoin(EpochId epoch, long sentAtMillis, long rejoinSince) {
    return new MeshHeader(epoch, OptionalLong.of(sentAtMillis), OptionalLong.of(rejoinSince));
  }

  public Bytes encode() {
    if (sentAtMillis.isEmpty()) {
      return new TlsWriter().u8(VERSION).vlBytes(epoch.value()).toBytes();
    }
    TlsWriter w =
        new TlsWriter()
            .u8(rejoinSince.isPresent() ? VERSION_WITH_REJOIN : VERSION_WITH_SEND_TIME)
            .vlBytes(epoch.value())
            .u64(sentAtMillis.getAsLong());
    rejoinSince.ifPresent(w::u64);
    return w.toBytes();
  }

  /** Decodes a header. */
  public static MeshHeader decode(Bytes authenticatedData) throws MeshException {
    try {
      return TlsReader.decodeAll(
          authenticatedData,
          r -> {
            int version = r.u8();
            if (version < VERSION || version > VERSION_WITH_REJOIN) {
              throw r.error(
                  "mesh header version "
                      + version
                      + " (supported: "
                      + VERSION
                      + ".."
                      + VERSION_WITH_REJOIN
                      + ")");
            }
            Bytes id = r.vlBytes();
            if (id.isEmpty() || id.length() > MAX_EPOCH_ID) {
              throw r.error("epoch id of " + id.length() + " bytes (1.." + MAX_EPOCH_ID + ")");
            }
            if (version == VERSION) {
              return new MeshHeader(EpochId.of(id));
            }
            long sentAt = r.u64();
            if (sentAt < 0) {
              throw r.error("send time " + Long.toUnsignedString(sentAt) + " out of range");
            }
            if (version == VERSION_WITH_SEND_TIME) {
              return new MeshHeader(EpochId.of(id), sentAt);
            }
            long since = r.u64();
            if (since < 0) {
              throw r.error("rejoin epoch " + Long.toUnsignedString(since) + " out of range");
            }
            return rejoin(EpochId.of(id), sentAt, since);
          });
    } catch (DecodeException e) {
      throw new MeshException(
          MeshCode.AUTHENTICATED_DATA_MALFORMED, "authenticated_data: " + e.getMessage(), e);
    }
  }
}
