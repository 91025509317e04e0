package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.mls.CommitRecordWire;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The stored form of the public records of Commits (as in a beacon): in a fork snapshot, and the
 * final Commits' records a member keeps across a restart to decide partitions longer than the
 * settle window.
 *
 * <pre>
 * // CommitRecord: see CommitRecordWire (version 1 records have no rejoin_since)
 * struct { opaque identity&lt;V&gt;; uint64 seen_at; } Departed;
 * struct {
 *   uint16 version = 3;
 *   CommitRecord records&lt;V&gt;;
 *   // version 3 (RejoinNotes; -1 for none, as two's complement)
 *   uint64 owed_since; uint64 last_rejoin_epoch; uint64 last_rejoin_since;
 *   Departed departed&lt;V&gt;;
 * } FinalRecords;
 * </pre>
 */
final class RecordCodec {
  private static final int VERSION = 3;
  private static final int WITH_REJOIN_SINCE = 2;
  private static final int MAX_IDENTITY = 255;

  /** At most this many records are stored, and read back. */
  static final int MAX_RECORDS = 256;

  /** At most this many departed members are stored, and read back. */
  static final int MAX_DEPARTED = 1_024;

  /** Final records and the notes stored with them. */
  record FinalRecords(List<CommitRecord> records, RejoinNotes notes) {}

  private RecordCodec() {}

  /** The newest {@link #MAX_RECORDS} of {@code records}, encoded, with no notes. */
  static Bytes encodeAll(List<CommitRecord> records) {
    return encode(records, RejoinNotes.NONE);
  }

  /** The newest {@link #MAX_RECORDS} of {@code records} and {@code notes}, encoded. */
  static Bytes encode(List<CommitRecord> records, RejoinNotes notes) {
    List<CommitRecord> newest =
        records.subList(Math.max(0, records.size() - MAX_RECORDS), records.size());
    TlsWriter body = new TlsWriter();
    newest.forEach(r -> CommitRecordWire.write(body, r));
    TlsWriter departed = new TlsWriter();
    notes.departed().entrySet().stream()
        .skip(Math.max(0, notes.departed().size() - MAX_DEPARTED))
        .forEach(e -> departed.vlBytes(e.getKey()).u64(e.getValue()));
    return new TlsWriter()
        .u16(VERSION)
        .vlBytes(body.toBytes())
        .u64(notes.owedSince())
        .u64(notes.lastRejoinEpoch())
        .u64(notes.lastRejoinSince())
        .vlBytes(departed.toBytes())
        .toBytes();
  }

  static List<CommitRecord> decodeAll(Bytes encoded) throws DecodeException {
    return decode(encoded).records();
  }

  static FinalRecords decode(Bytes encoded) throws DecodeException {
    return TlsReader.decodeAll(
        encoded,
        r -> {
          int version = r.u16();
          if (version < 1 || version > VERSION) {
            throw r.error("records version " + version + " (supported: 1 to " + VERSION + ")");
          }
          TlsReader list = TlsReader.of(r.vlBytes());
          List<CommitRecord> out = new ArrayList<>();
          while (list.remaining() > 0) {
            if (out.size() == MAX_RECORDS) {
              throw list.error("more than " + MAX_RECORDS + " records");
            }
            out.add(CommitRecordWire.read(list, version >= WITH_REJOIN_SINCE));
          }
          RejoinNotes notes = version == VERSION ? readNotes(r) : RejoinNotes.NONE;
          return new FinalRecords(out, notes);
        });
  }

  private static RejoinNotes readNotes(TlsReader r) throws DecodeException {
    long owedSince = r.u64();
    long lastRejoinEpoch = r.u64();
    long lastRejoinSince = r.u64();
    TlsReader list = TlsReader.of(r.vlBytes());
    Map<Bytes, Long> departed = new LinkedHashMap<>();
    while (list.remaining() > 0) {
      if (departed.size() == MAX_DEPARTED) {
        throw list.error("more than " + MAX_DEPARTED + " departed members");
      }
      Bytes identity = list.vlBytes();
      if (identity.length() > MAX_IDENTITY) {
        throw list.error("a departed member's identity of " + identity.length() + " bytes");
      }
      departed.put(identity, list.u64());
    }
    return new RejoinNotes(owedSince, lastRejoinEpoch, lastRejoinSince, departed);
  }
}
