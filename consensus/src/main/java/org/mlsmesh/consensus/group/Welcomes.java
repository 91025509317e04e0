package org.mlsmesh.consensus.group;

import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * A Welcome waiting in the outbox, under {@code 'w' || commit id}: {@code struct { opaque
 * invitee<V>; MLSMessage welcome<V>; }}, the invitee's identity (where to send it) and the Welcome.
 */
final class Welcomes {
  record Entry(Bytes invitee, Bytes welcome) {}

  private Welcomes() {}

  static Bytes key(CommitId commit) {
    return Bytes.concat(Bytes.of(new byte[] {'w'}), commit.value());
  }

  static Bytes entry(Bytes invitee, Bytes welcome) {
    return new TlsWriter().vlBytes(invitee).vlBytes(welcome).toBytes();
  }

  static Entry decode(Bytes entry) throws DecodeException {
    return TlsReader.decodeAll(entry, r -> new Entry(r.vlBytes(), r.vlBytes()));
  }

  static boolean isFor(Bytes entry, Bytes identity) {
    try {
      return decode(entry).invitee().equals(identity);
    } catch (DecodeException e) {
      return false;
    }
  }
}
