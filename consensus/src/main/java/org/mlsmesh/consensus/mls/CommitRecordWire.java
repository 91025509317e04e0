package org.mlsmesh.consensus.mls;

import java.util.OptionalLong;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The one encoding of a {@link CommitRecord}, in beacons and in storage (RFC 9420 §2.1 presentation
 * language):
 *
 * <pre>
 * struct {
 *   opaque commit&lt;V&gt;;  opaque parent&lt;V&gt;;  // 1..64 bytes each
 *   uint64 parent_epoch;  uint8 commit_class;  uint32 committer;  uint64 rank;
 *   optional&lt;uint64&gt; rejoin_since;           // absent in the first version
 * } CommitRecord;
 * </pre>
 */
public final class CommitRecordWire {
  /** The longest commit or epoch id. */
  public static final int MAX_ID = 64;

  private CommitRecordWire() {}

  public static void write(TlsWriter w, CommitRecord r) {
    w.vlBytes(r.commit().value())
        .vlBytes(r.parent().value())
        .u64(r.parentEpochNumber())
        .u8(r.commitClass().ordinal())
        .u32(r.committer().value())
        .u64(r.rank().value());
    w.u8(r.rejoinSince().isPresent() ? 1 : 0);
    r.rejoinSince().ifPresent(w::u64);
  }

  /** Reads a record; {@code withRejoin} false for the first version, which has no rejoin field. */
  public static CommitRecord read(TlsReader r, boolean withRejoin) throws DecodeException {
    CommitId commit = CommitId.of(id(r, "record commit"));
    EpochId parent = EpochId.of(id(r, "record parent"));
    long parentEpoch = r.u64();
    if (parentEpoch < 0) {
      throw r.error("record parent_epoch above 2^63");
    }
    int cls = r.u8();
    if (cls >= CommitClass.values().length) {
      throw r.error("unknown commit class " + cls);
    }
    LeafIndex committer = LeafIndex.of(r.u32());
    Rank rank = new Rank(r.u64());
    OptionalLong rejoinSince = OptionalLong.empty();
    if (withRejoin) {
      int present = r.u8();
      if (present > 1) {
        throw r.error("record rejoin_since presence " + present + " (0 or 1)");
      }
      if (present == 1) {
        long since = r.u64();
        if (since < 0) {
          throw r.error("record rejoin_since above 2^63");
        }
        rejoinSince = OptionalLong.of(since);
      }
    }
    return new CommitRecord(
        commit, parent, parentEpoch, CommitClass.values()[cls], committer, rank, rejoinSince);
  }

  private static Bytes id(TlsReader r, String what) throws DecodeException {
    int at = r.offset();
    TlsReader field = r.vector();
    if (field.remaining() == 0 || field.remaining() > MAX_ID) {
      throw new DecodeException(
          what + " of " + field.remaining() + " bytes (1.." + MAX_ID + ")", at);
    }
    return field.bytes(field.remaining());
  }
}
