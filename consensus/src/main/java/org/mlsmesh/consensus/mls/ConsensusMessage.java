package org.mlsmesh.consensus.mls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The fork choice's own messages between members (RFC 9750 §5.2.2 leaves fork detection to the
 * application), in a versioned TLS encoding (RFC 9420 §2.1 presentation language):
 *
 * <pre>
 * enum { beacon(1), commit_pull(2), records_pull(3), (255) } ConsensusType;
 * // CommitRecord: see CommitRecordWire
 *
 * struct {
 *   uint32 from;  uint64 epoch;  opaque epoch_id&lt;V&gt;;  uint64 final_epoch;
 *   CommitRecord recent&lt;V&gt;;
 * } BeaconBody;
 *
 * struct {
 *   uint16 version = 3;
 *   opaque group_id&lt;V&gt;;
 *   ConsensusType type;
 *   select (type) {
 *     case beacon:       BeaconBody beacon; opaque signature&lt;V&gt;;
 *     case commit_pull:  uint32 from; opaque commits&lt;V&gt;&lt;V&gt;;
 *     case records_pull: uint32 from; uint64 since_epoch;
 *   };
 * } ConsensusMessage;
 * </pre>
 *
 * Every length is bounded ({@link #MAX_ID}, {@link #MAX_RECORDS}, {@link #MAX_PULL}, {@link
 * #MAX_SIGNATURE}) before anything is allocated for it; trailing bytes are an error.
 */
public sealed interface ConsensusMessage
    permits ConsensusMessage.SignedBeacon,
        ConsensusMessage.CommitPull,
        ConsensusMessage.RecordsPull {
  int VERSION = 3;
  int MAX_ID = 64;
  int MAX_GROUP_ID = 256;
  int MAX_RECORDS = 1_024;
  int MAX_PULL = 256;
  int MAX_SIGNATURE = 256;

  /** The group the message is about. */
  Bytes groupId();

  /** The TLS encoding. */
  Bytes encode();

  /** A beacon and the sender's signature over {@link #signedContent}. */
  record SignedBeacon(Bytes groupId, Beacon beacon, Bytes signature) implements ConsensusMessage {
    public SignedBeacon {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(beacon, "beacon");
      Objects.requireNonNull(signature, "signature");
    }

    @Override
    public Bytes encode() {
      TlsWriter w = header(groupId, 1);
      writeBeacon(w, beacon);
      return w.vlBytes(signature).toBytes();
    }
  }

  /** Ask {@code from}'s peer for these Commits by hash. */
  record CommitPull(Bytes groupId, LeafIndex from, List<CommitId> commits)
      implements ConsensusMessage {
    public CommitPull {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(from, "from");
      commits = List.copyOf(commits);
      if (commits.isEmpty() || commits.size() > MAX_PULL) {
        throw new IllegalArgumentException("a pull names 1.." + MAX_PULL + " commits");
      }
    }

    @Override
    public Bytes encode() {
      TlsWriter w = header(groupId, 2).u32(from.value());
      return w.vector(commits, (x, c) -> x.vlBytes(c.value())).toBytes();
    }
  }

  /** Ask for the Commit records from epoch {@code sinceEpoch} on, answered by a beacon. */
  record RecordsPull(Bytes groupId, LeafIndex from, long sinceEpoch) implements ConsensusMessage {
    public RecordsPull {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(from, "from");
      if (sinceEpoch < 0) {
        throw new IllegalArgumentException("negative epoch");
      }
    }

    @Override
    public Bytes encode() {
      return header(groupId, 3).u32(from.value()).u64(sinceEpoch).toBytes();
    }
  }

  /** The bytes a beacon's signature covers: {@code struct { opaque group_id<V>; BeaconBody; }}. */
  static Bytes signedContent(Bytes groupId, Beacon beacon) {
    TlsWriter w = new TlsWriter().vlBytes(groupId);
    writeBeacon(w, beacon);
    return w.toBytes();
  }

  /** Decodes a consensus message; every failure names the field and offset. */
  static ConsensusMessage decode(Bytes wire) throws MeshException {
    TlsReader r = TlsReader.of(wire);
    try {
      int version = r.u16();
      if (version != VERSION) {
        throw new MeshException(
            MeshCode.CONSENSUS_VERSION_UNSUPPORTED,
            "consensus message version " + version + " (supported: " + VERSION + ")");
      }
      ConsensusMessage message = read(r);
      r.finish();
      return message;
    } catch (DecodeException e) {
      throw new MeshException(MeshCode.CONSENSUS_MESSAGE_MALFORMED, e.getMessage(), e);
    }
  }

  private static ConsensusMessage read(TlsReader r) throws DecodeException {
    Bytes groupId = boundedBytes(r, MAX_GROUP_ID, "group_id", false);
    int type = r.u8();
    switch (type) {
      case 1:
        {
          Beacon beacon = readBeacon(r);
          Bytes signature = boundedBytes(r, MAX_SIGNATURE, "signature", false);
          return new SignedBeacon(groupId, beacon, signature);
        }
      case 2:
        {
          LeafIndex from = LeafIndex.of(r.u32());
          TlsReader list = r.vector();
          List<CommitId> commits = new ArrayList<>();
          while (list.hasRemaining()) {
            if (commits.size() == MAX_PULL) {
              throw list.error("more than " + MAX_PULL + " commits in a pull");
            }
            commits.add(CommitId.of(boundedBytes(list, MAX_ID, "commit id", false)));
          }
          if (commits.isEmpty()) {
            throw r.error("a pull of no commits");
          }
          return new CommitPull(groupId, from, commits);
        }
      case 3:
        {
          LeafIndex from = LeafIndex.of(r.u32());
          long since = r.u64();
          if (since < 0) {
            throw r.error("since_epoch above 2^63");
          }
          return new RecordsPull(groupId, from, since);
        }
      default:
        throw r.error("unknown consensus message type " + type);
    }
  }

  private static TlsWriter header(Bytes groupId, int type) {
    return new TlsWriter().u16(VERSION).vlBytes(groupId).u8(type);
  }

  private static void writeBeacon(TlsWriter w, Beacon beacon) {
    w.u32(beacon.from().value()).u64(beacon.epochNumber()).vlBytes(beacon.epochId().value());
    w.u64(beacon.finalEpochNumber());
    w.vector(beacon.recent(), CommitRecordWire::write);
  }

  private static Beacon readBeacon(TlsReader r) throws DecodeException {
    LeafIndex from = LeafIndex.of(r.u32());
    long epoch = r.u64();
    if (epoch < 0) {
      throw r.error("epoch above 2^63");
    }
    EpochId epochId = EpochId.of(boundedBytes(r, MAX_ID, "epoch_id", false));
    long finalEpoch = r.u64();
    if (finalEpoch < 0 || finalEpoch > epoch) {
      throw r.error("final epoch " + Long.toUnsignedString(finalEpoch) + " after epoch " + epoch);
    }
    TlsReader list = r.vector();
    List<CommitRecord> recent = new ArrayList<>();
    while (list.hasRemaining()) {
      if (recent.size() == MAX_RECORDS) {
        throw list.error("more than " + MAX_RECORDS + " records in a beacon");
      }
      recent.add(CommitRecordWire.read(list, true));
    }
    return new Beacon(from, epoch, epochId, finalEpoch, recent);
  }

  private static Bytes boundedBytes(TlsReader r, int max, String what, boolean mayBeEmpty)
      throws DecodeException {
    int at = r.offset();
    TlsReader field = r.vector();
    if (field.remaining() > max) {
      throw new DecodeException(what + " of " + field.remaining() + " bytes exceeds " + max, at);
    }
    if (!mayBeEmpty && field.remaining() == 0) {
      throw new DecodeException(what + " is empty", at);
    }
    return field.bytes(field.remaining());
  }
}
