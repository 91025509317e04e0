package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.List;
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
 * struct { uint16 version = 2; CommitRecord records&lt;V&gt;; } FinalRecords;
 * </pre>
 */
final class RecordCodec {
  private static final int VERSION = 2;
  private static final int MAX_ID = 64;

  /** At most this many records are stored, and read back. */
  static final int MAX_RECORDS = 256;

  private RecordCodec() {}

  /** The newest {@link #MAX_RECORDS} of {@code records}, encoded. */
  static Bytes encodeAll(List<CommitRecord> records) {
    List<CommitRecord> newest =
        records.subList(Math.max(0, records.size() - MAX_RECORDS), records.size());
    TlsWriter body = new TlsWriter();
    newest.forEach(r -> CommitRecordWire.write(body, r));
    return new TlsWriter().u16(VERSION).vlBytes(body.toBytes()).toBytes();
  }

  static List<CommitRecord> decodeAll(Bytes encoded) throws DecodeException {
    return TlsReader.decodeAll(
        encoded,
        r -> {
          int version = r.u16();
          if (version != 1 && version != VERSION) {
            throw r.error("records version " + version + " (supported: 1, " + VERSION + ")");
          }
          TlsReader list = TlsReader.of(r.vlBytes());
          List<CommitRecord> out = new ArrayList<>();
          while (list.remaining() > 0) {
            if (out.size() == MAX_RECORDS) {
              throw list.error("more than " + MAX_RECORDS + " records");
            }
            out.add(CommitRecordWire.read(list, version == VERSION));
          }
          return out;
        });
  }
}
