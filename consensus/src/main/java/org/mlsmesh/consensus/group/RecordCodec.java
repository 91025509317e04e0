package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.List;
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
 * The stored form of the public records of Commits (as in a beacon): in a fork snapshot, and the
 * final Commits' records a member keeps across a restart to decide partitions longer than the
 * settle window.
 *
 * <pre>
 * struct {
 *   opaque commit&lt;V&gt;; opaque parent&lt;V&gt;;   // 1..64 bytes each
 *   uint64 parent_epoch; uint8 commit_class; uint32 committer; uint64 rank;
 * } CommitRecord;
 * struct { uint16 version = 1; CommitRecord records&lt;V&gt;; } FinalRecords;
 * </pre>
 */
final class RecordCodec {
  private static final int VERSION = 1;
  private static final int MAX_ID = 64;

  /** At most this many records are stored, and read back. */
  static final int MAX_RECORDS = 256;

  private RecordCodec() {}

  static void write(TlsWriter w, CommitRecord r) {
    w.vlBytes(r.commit().value())
        .vlBytes(r.parent().value())
        .u64(r.parentEpochNumber())
        .u8(r.commitClass().ordinal())
        .u32(r.committer().value())
        .u64(r.rank().value());
  }

  static CommitRecord read(TlsReader r) throws DecodeException {
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
    return new CommitRecord(
        commit, parent, parentEpoch, CommitClass.values()[cls], committer, new Rank(r.u64()));
  }

  /** The newest {@link #MAX_RECORDS} of {@code records}, encoded. */
  static Bytes encodeAll(List<CommitRecord> records) {
    List<CommitRecord> newest =
        records.subList(Math.max(0, records.size() - MAX_RECORDS), records.size());
    TlsWriter body = new TlsWriter();
    newest.forEach(r -> write(body, r));
    return new TlsWriter().u16(VERSION).vlBytes(body.toBytes()).toBytes();
  }

  static List<CommitRecord> decodeAll(Bytes encoded) throws DecodeException {
    return TlsReader.decodeAll(
        encoded,
        r -> {
          int version = r.u16();
          if (version != VERSION) {
            throw r.error("records version " + version + " (supported: " + VERSION + ")");
          }
          TlsReader list = TlsReader.of(r.vlBytes());
          List<CommitRecord> out = new ArrayList<>();
          while (list.remaining() > 0) {
            if (out.size() == MAX_RECORDS) {
              throw list.error("more than " + MAX_RECORDS + " records");
            }
            out.add(read(list));
          }
          return out;
        });
  }

  private static Bytes id(TlsReader r, String what) throws DecodeException {
    int at = r.offset();
    Bytes value = r.vlBytes();
    if (value.isEmpty() || value.length() > MAX_ID) {
      throw new DecodeException(what + " of " + value.length() + " bytes (1.." + MAX_ID + ")", at);
    }
    return value;
  }
}
