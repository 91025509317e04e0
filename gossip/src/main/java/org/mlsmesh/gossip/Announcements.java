package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * Message ids to announce (IHAVE) on one topic to one peer, with the hops each had travelled and
 * when it was queued (that is, received here).
 */
final class Announcements {
  private final List<MessageId> ids = new ArrayList<>();
  private int[] hops = new int[8];
  private long[] queuedAt = new long[8];

  void add(MessageId id, int hopCount, long nowMillis) {
    if (ids.size() == hops.length) {
      hops = Arrays.copyOf(hops, 2 * hops.length);
      queuedAt = Arrays.copyOf(queuedAt, 2 * queuedAt.length);
    }
    hops[ids.size()] = hopCount;
    queuedAt[ids.size()] = nowMillis;
    ids.add(id);
  }

  void remove(MessageId id) {
    int i = ids.indexOf(id);
    if (i >= 0) {
      ids.remove(i);
      System.arraycopy(hops, i + 1, hops, i, ids.size() - i);
      System.arraycopy(queuedAt, i + 1, queuedAt, i, ids.size() - i);
    }
  }

  /**
   * IHAVE frames of at most {@code max} ids each, marked as a group's when {@code group}, with the
   * age of each id at {@code nowMillis} when {@code ages} (for Plumtree's tree optimization).
   */
  void frames(
      String topic, int max, boolean group, boolean ages, long nowMillis, List<Envelope> into) {
    for (int from = 0; from < ids.size(); from += max) {
      int to = Math.min(ids.size(), from + max);
      int[] held = null;
      if (ages) {
        held = new int[to - from];
        for (int i = from; i < to; i++) {
          held[i - from] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nowMillis - queuedAt[i]));
        }
      }
      into.add(
          Frames.ihave(
              topic, ids.subList(from, to), Arrays.copyOfRange(hops, from, to), held, group));
    }
  }
}
