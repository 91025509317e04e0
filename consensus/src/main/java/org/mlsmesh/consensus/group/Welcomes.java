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
  /** The first retry of an unacknowledged Welcome. */
  static final long RETRY_FIRST_MILLIS = 1_000;

  /**
   * The retries of the first half-minute, each this long after the one before: a lossy link loses a
   * few in a row (random seed 301: five lost at 50% loss, while each waited twice as long as the
   * one before, delayed the join by 25 s).
   */
  static final long RETRY_FAST_MILLIS = 2_000;

  static final int FAST_RETRIES = 15;

  /** After the fast retries, each waits twice as long as the one before, up to this. */
  static final long RETRY_MAX_MILLIS = 60_000;

  record Entry(Bytes invitee, Bytes welcome) {}

  private Welcomes() {}

  static Bytes key(CommitId commit) {
    return Bytes.concat(Bytes.of(new byte[] {'w'}), commit.value());
  }

  /** The Commit whose Welcome is stored under {@code key}. */
  static CommitId commitOf(Bytes key) {
    return CommitId.of(key.slice(1, key.length()));
  }

  static Bytes entry(Bytes invitee, Bytes welcome) {
    return new TlsWriter().vlBytes(invitee).vlBytes(welcome).toBytes();
  }

  static Entry decode(Bytes entry) throws DecodeException {
    return TlsReader.decodeAll(entry, r -> new Entry(r.vlBytes(), r.vlBytes()));
  }

  /** How long after its {@code attempts}-th sending an unacknowledged Welcome goes again. */
  static long retryDelayMillis(int attempts) {
    if (attempts <= 1) {
      return RETRY_FIRST_MILLIS;
    }
    if (attempts <= FAST_RETRIES) {
      return RETRY_FAST_MILLIS;
    }
    int doublings = Math.min(16, attempts - FAST_RETRIES);
    return Math.min(RETRY_MAX_MILLIS, RETRY_FAST_MILLIS << doublings);
  }

  static boolean isFor(Bytes entry, Bytes identity) {
    try {
      return decode(entry).invitee().equals(identity);
    } catch (DecodeException e) {
      return false;
    }
  }
}
