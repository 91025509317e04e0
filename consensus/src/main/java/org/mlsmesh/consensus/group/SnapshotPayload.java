package org.mlsmesh.consensus.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.mls.CommitRecordWire;
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
  private static final int VERSION = 2;
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
    w.optional(record, CommitRecordWire::write);
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
          if (version != 1 && version != VERSION) {
            throw r.error(
                "snapshot payload version " + version + " (supported: 1, " + VERSION + ")");
          }
          Optional<CommitRecord> record =
              r.optional(x -> CommitRecordWire.read(x, version == VERSION));
          Optional<LeafIndex> creator = r.optional(x -> LeafIndex.of(x.u32()));
          return new SnapshotPayload(record, creator, Secret.wrap(r.vlBytes().toByteArray()));
        });
  }
}
