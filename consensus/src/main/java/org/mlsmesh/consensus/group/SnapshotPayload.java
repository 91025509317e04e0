package org.mlsmesh.consensus.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * What a group actor stores as a fork snapshot, so a restart can rebuild the unsettled chain
 * ({@code ForkChoice.restore}): the record of the Commit that produced the epoch, or for the first
 * root of a created or joined group the member that created its epoch, and the saved state.
 *
 * <pre>
 * struct {
 *   uint16 version = 1;
 *   optional&lt;CommitRecord&gt; record;   // as in a beacon
 *   optional&lt;uint32&gt; creator;
 *   opaque saved_state&lt;V&gt;;           // SavedGroupState
 * } SnapshotPayload;
 * </pre>
 *
 * Holds secrets: encoded into and decoded from a {@link Secret}; the decoded state is a fresh
 * secret the caller destroys.
 */
final class SnapshotPayload {
  private static final int VERSION = 1;
  private static final int MAX_ID = 64;

  final Optional<CommitRecord> record;
  final Optional<LeafIndex> creator;
  final Secret state;

  SnapshotPayload(Optional<CommitRecord> record, Optional<LeafIndex> creator, Secret state) {
    this.record = Objects.requireNonNull(record, "record");
    this.creator = Objects.requireNonNull(creator, "creator");
    this.state = Objects.requireNonNull(state, "state");
  }

  /** The member that created the epoch: the committer of its record, else the stored creator. */
  Optional<LeafIndex> epochCreator() {
    return record.map(CommitRecord::committer).or(() -> creator);
  }

  Secret encode() {
    TlsWriter w = new TlsWriter().u16(VERSION);
    w.optional(
        record,
        (x, r) ->
            x.vlBytes(r.commit().value())
                .vlBytes(r.parent().value())
                .u64(r.parentEpochNumber())
                .u8(r.commitClass().ordinal())
                .u32(r.committer().value())
                .u64(r.rank().value()));
    w.optional(creator, (x, c) -> x.u32(c.value()));
    byte[] saved = state.exposeBytes();
    try {
      return Secret.wrap(w.vlBytes(saved).toBytes().toByteArray());
    } finally {
      java.util.Arrays.fill(saved, (byte) 0);
    }
  }

  /** Encodes, then erases the saved state it holds. */
  Secret encodeAndDestroy() {
    try {
      return encode();
    } finally {
      state.destroy();
    }
  }

  static SnapshotPayload decode(Secret encoded) throws DecodeException {
    return TlsReader.decodeAll(
        Bytes.wrap(encoded.exposeBytes()),
        r -> {
          int version = r.u16();
          if (version != VERSION) {
            throw r.error("snapshot payload version " + version + " (supported: " + VERSION + ")");
          }
          Optional<CommitRecord> record = r.optional(SnapshotPayload::readRecord);
          Optional<LeafIndex> creator = r.optional(x -> LeafIndex.of(x.u32()));
          return new SnapshotPayload(record, creator, Secret.wrap(r.vlBytes().toByteArray()));
        });
  }

  private static CommitRecord readRecord(TlsReader r) throws DecodeException {
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

  private static Bytes id(TlsReader r, String what) throws DecodeException {
    int at = r.offset();
    Bytes value = r.vlBytes();
    if (value.isEmpty() || value.length() > MAX_ID) {
      throw new DecodeException(what + " of " + value.length() + " bytes (1.." + MAX_ID + ")", at);
    }
    return value;
  }
}
