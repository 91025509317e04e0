package org.mlsmesh.consensus;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;

/**
 * The receiver's half of exactly-once delivery: the ids of application messages already delivered,
 * at most {@code capacity} of them (the oldest are forgotten first). A message re-sent on the
 * winning branch of a fork keeps its id, so its second copy is recognized here as long as fewer
 * than {@code capacity} newer messages were delivered in between.
 */
public final class DeliveredIds {
  private final int capacity;
  private final LinkedHashSet<AppMessageId> ids = new LinkedHashSet<>();

  public DeliveredIds(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Records {@code id}; returns true when it is new, i.e. the message must be delivered now. */
  public boolean markDelivered(AppMessageId id) {
    Objects.requireNonNull(id, "id");
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > capacity) {
      Iterator<AppMessageId> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  public boolean contains(AppMessageId id) {
    return ids.contains(id);
  }

  public int size() {
    return ids.size();
  }
}
