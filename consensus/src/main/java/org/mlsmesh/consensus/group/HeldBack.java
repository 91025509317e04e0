package org.mlsmesh.consensus.group;

import org.mlsmesh.protocol.codec.Bytes;

/**
 * Tells the delivery delays of the network from those of messages a partition held back, which must
 * not widen the measured settle window (or every Commit after the heal waits for it). A member
 * silent to us for longer than the window, whose messages then arrive: what it sent before we heard
 * it again was held back, unless it came within the window anyway. Messages lost and repaired while
 * their sender is heard from are network delay, and count.
 */
final class HeldBack {
  static final int CAPACITY = 4_096;

  private final BoundedMap<Bytes, Long> lastHeard = new BoundedMap<>(CAPACITY);

  /** When each member was heard again after a silence longer than the window. */
  private final BoundedMap<Bytes, Long> heardAgain = new BoundedMap<>(CAPACITY);

  /** A verified frame from {@code member} arrived at {@code nowMillis}. */
  void heard(Bytes member, long nowMillis, long windowMillis) {
    Long last = lastHeard.get(member);
    if (last != null && nowMillis - last > windowMillis) {
      heardAgain.put(member, nowMillis);
    }
    lastHeard.put(member, nowMillis);
  }

  /**
   * A message of {@code sender} sent at {@code sentAtMillis} was accepted at {@code nowMillis}:
   * true when its delay is the network's, to be measured. Of what a silent member sent before we
   * heard it again, only delays up to {@code typicalMillis} (the window over its delay factor: the
   * 99th percentile it stands for) count: longer ones, however below the window, would widen it
   * step by step.
   */
  boolean isNetworkDelay(
      Bytes sender, long sentAtMillis, long nowMillis, long windowMillis, long typicalMillis) {
    heard(sender, nowMillis, windowMillis);
    Long again = heardAgain.get(sender);
    return again == null || sentAtMillis >= again || nowMillis - sentAtMillis <= typicalMillis;
  }
}
