package org.mlsmesh.node.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.MlsNodeListener;

/**
 * Counts the application messages of one group that a node delivered to its application, and lets a
 * benchmark thread wait until a count is reached. One per node; the node's actor calls it.
 */
final class DeliveryCounter implements MlsNodeListener {
  private final GroupId groupId;
  private long delivered;

  DeliveryCounter(GroupId groupId) {
    this.groupId = groupId;
  }

  @Override
  public void onEvent(MlsNodeEvent event) {
    if (event instanceof MlsNodeEvent.MessageReceived m && m.groupId().equals(groupId)) {
      synchronized (this) {
        delivered++;
        notifyAll();
      }
    }
  }

  synchronized long delivered() {
    return delivered;
  }

  /** Waits until at least {@code target} messages were delivered. */
  synchronized void awaitAtLeast(long target, long timeout, TimeUnit unit)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (delivered < target) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "delivered " + delivered + " of " + target + " messages of group " + groupId.toHex());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
