package org.mlsmesh.consensus.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
  private final Deque<Sent> log = new ArrayDeque<>();

  SentLog(int capacity, long maxAgeMillis) {
    this.capacity = capacity;
    this.maxAgeMillis = maxAgeMillis;
  }

  /** Logs a message (re)sent in {@code epoch}: a message sent again is logged at the new epoch. */
  void add(AppMessageId id, Bytes payload, long epoch, long nowMillis) {
    log.removeIf(s -> s.id().equals(id));
    log.addLast(new Sent(id, payload, epoch, nowMillis));
    prune(nowMillis);
  }

  /** The messages first sent in epoch {@code epoch} or later, oldest first. */
  List<Sent> since(long epoch, long nowMillis) {
    prune(nowMillis);
    List<Sent> out = new ArrayList<>();
    for (Sent s : log) {
      if (s.epoch() >= epoch) {
        out.add(s);
      }
    }
    return out;
  }

  private void prune(long nowMillis) {
    while (!log.isEmpty()
        && (log.size() > capacity || nowMillis - log.peekFirst().atMillis() > maxAgeMillis)) {
      log.removeFirst();
    }
  }
}
