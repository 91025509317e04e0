package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The application messages the local member sent lately, with the epoch each was first sent in:
 * when a member rejoins after its branch lost a partition, it could never read what was sent on the
 * surviving branch during the cut (RFC 9420 §14), so the senders send it again, same ids. Bounded
 * by count and by age (the gossip layer's retention: older messages a rejoiner is not promised).
 * Holds plaintexts; never printed.
 */
final class SentLog {
  record Sent(AppMessageId id, Bytes payload, long epoch, long atMillis) {
    @Override
    public String toString() {
      return "Sent[" + id + ", epoch " + epoch + "]";
    }
  }

  private final int capacity;
  private final long maxAgeMillis;

  /** By id, oldest first: a message sent again moves to the end. */
  private final LinkedHashMap<AppMessageId, Sent> log = new LinkedHashMap<>();

  SentLog(int capacity, long maxAgeMillis) {
    this.capacity = capacity;
    this.maxAgeMillis = maxAgeMillis;
  }

  /** Logs a message (re)sent in {@code epoch}: a message sent again is logged at the new epoch. */
  void add(AppMessageId id, Bytes payload, long epoch, long nowMillis) {
    log.remove(id);
    log.put(id, new Sent(id, payload, epoch, nowMillis));
    prune(nowMillis);
  }

  /** The messages last sent in epoch {@code epoch} or later, oldest first. */
  List<Sent> since(long epoch, long nowMillis) {
    prune(nowMillis);
    List<Sent> out = new ArrayList<>();
    for (Sent s : log.values()) {
      if (s.epoch() >= epoch) {
        out.add(s);
      }
    }
    return out;
  }

  private void prune(long nowMillis) {
    Iterator<Sent> oldest = log.values().iterator();
    while (oldest.hasNext()) {
      Sent s = oldest.next();
      if (log.size() <= capacity && nowMillis - s.atMillis() <= maxAgeMillis) {
        return;
      }
      oldest.remove();
    }
  }
}
