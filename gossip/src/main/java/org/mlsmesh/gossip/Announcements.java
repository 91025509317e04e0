package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlsmesh.gossip.wire.Envelope;

/** Message ids to announce (IHAVE) on one topic to one peer, with the hops each had travelled. */
final class Announcements {
  private final List<MessageId> ids = new ArrayList<>();
  private int[] hops = new int[8];

  void add(MessageId id, int hopCount) {
    if (ids.size() == hops.length) {
      hops = Arrays.copyOf(hops, 2 * hops.length);
    }
    hops[ids.size()] = hopCount;
    ids.add(id);
  }

  void remove(MessageId id) {
    int i = ids.indexOf(id);
    if (i >= 0) {
      ids.remove(i);
      System.arraycopy(hops, i + 1, hops, i, ids.size() - i);
    }
  }

  /** IHAVE frames of at most {@code max} ids each, marked as a group's when {@code group}. */
  void frames(String topic, int max, boolean group, List<Envelope> into) {
    for (int from = 0; from < ids.size(); from += max) {
      int to = Math.min(ids.size(), from + max);
      into.add(
          Frames.ihave(topic, ids.subList(from, to), Arrays.copyOfRange(hops, from, to), group));
    }
  }
}
