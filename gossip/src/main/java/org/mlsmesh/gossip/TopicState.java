package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One topic's Plumtree state: the active peers pushed to eagerly and those only told of ids
 * (lazily), and the messages retained for pull and anti-entropy with their digest buckets.
 */
final class TopicState {
  static final int BUCKETS = 64;

  final String name;
  final LinkedHashSet<PeerId> eager = new LinkedHashSet<>();
  final LinkedHashSet<PeerId> lazy = new LinkedHashSet<>();
  private final LinkedHashMap<MessageId, Retained> retained = new LinkedHashMap<>();
  private final long[] buckets = new long[BUCKETS];

  record Retained(ByteString payload, int hops, long atMillis) {}

  TopicState(String name) {
    this.name = name;
  }

  static int bucketOf(MessageId id) {
    return id.byteAt(8) % BUCKETS;
  }

  void retain(MessageId id, ByteString payload, int hops, long nowMillis, int maxMessages) {
    if (retained.putIfAbsent(id, new Retained(payload, hops, nowMillis)) == null) {
      buckets[bucketOf(id)] ^= id.prefix();
      if (retained.size() > maxMessages) {
        Iterator<Map.Entry<MessageId, Retained>> it = retained.entrySet().iterator();
        drop(it, it.next().getKey());
      }
    }
  }

  Retained retained(MessageId id) {
    return retained.get(id);
  }

  int retainedCount() {
    return retained.size();
  }

  /** Drops messages retained before {@code cutoffMillis}. */
  void expire(long cutoffMillis) {
    Iterator<Map.Entry<MessageId, Retained>> it = retained.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<MessageId, Retained> entry = it.next();
      if (entry.getValue().atMillis() >= cutoffMillis) {
        return;
      }
      drop(it, entry.getKey());
    }
  }

  private void drop(Iterator<Map.Entry<MessageId, Retained>> it, MessageId id) {
    it.remove();
    buckets[bucketOf(id)] ^= id.prefix();
  }

  long[] digest() {
    return buckets.clone();
  }

  /**
   * The retained ids in the buckets where {@code theirs} differs from ours, at most {@code max}.
   */
  List<MessageId> idsWhereDifferent(List<Long> theirs, int max) {
    boolean[] differs = new boolean[BUCKETS];
    boolean any = false;
    for (int b = 0; b < BUCKETS; b++) {
      differs[b] = buckets[b] != theirs.get(b);
      any |= differs[b];
    }
    List<MessageId> ids = new ArrayList<>();
    if (!any) {
      return ids;
    }
    for (MessageId id : retained.keySet()) {
      if (differs[bucketOf(id)]) {
        ids.add(id);
        if (ids.size() == max) {
          break;
        }
      }
    }
    return ids;
  }

  void removePeer(PeerId peer) {
    eager.remove(peer);
    lazy.remove(peer);
  }

  void makeEager(PeerId peer) {
    lazy.remove(peer);
    eager.add(peer);
  }

  void makeLazy(PeerId peer) {
    eager.remove(peer);
    lazy.add(peer);
  }
}
