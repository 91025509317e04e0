package org.mlsmesh.node.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.MlsNodeListener;

/**
 * When each application message reached its last receiver: one listener on every node of the group,
 * told by each node's actors as they deliver.
 */
final class Arrivals implements MlsNodeListener {
  private final int receivers;
  private final ConcurrentHashMap<MessageId, long[]> seen = new ConcurrentHashMap<>();

  /** Tracks messages that {@code receivers} nodes each deliver once. */
  Arrivals(int receivers) {
    this.receivers = receivers;
  }

  @Override
  public void onEvent(MlsNodeEvent event) {
    if (event instanceof MlsNodeEvent.MessageReceived m) {
      long now = System.nanoTime();
      seen.compute(
          m.messageId(),
          (id, countAndLast) -> {
            long[] next = countAndLast == null ? new long[2] : countAndLast;
            next[0]++;
            next[1] = Math.max(next[1], now);
            return next;
          });
    }
  }

  /**
   * The {@link System#nanoTime} at which the last receiver delivered {@code id}; forgets it.
   *
   * @throws TimeoutException if fewer receivers than expected delivered it
   */
  long deliveredToAll(MessageId id) throws TimeoutException {
    long[] countAndLast = seen.remove(id);
    if (countAndLast == null || countAndLast[0] < receivers) {
      throw new TimeoutException(
          "message "
              + id.toHex()
              + " delivered "
              + (countAndLast == null ? 0 : countAndLast[0])
              + " times, expected "
              + receivers);
    }
    return countAndLast[1];
  }

  /** Forgets the messages tracked so far. */
  void clear() {
    seen.clear();
  }
}
