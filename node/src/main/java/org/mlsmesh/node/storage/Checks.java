package org.mlsmesh.node.storage;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/** Argument checks shared by the value types and both storage implementations. */
final class Checks {
  private Checks() {}

  /** A non-empty id (group id, epoch id, message id, KeyPackageRef). */
  static Bytes id(Bytes id, String name) {
    Objects.requireNonNull(id, name);
    if (id.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return id;
  }

  static String topic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic is empty");
    }
    return topic;
  }

  static long epoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative: " + epoch);
    }
    return epoch;
  }

  static int limit(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return limit;
  }
}
