package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** Recently received gossip payloads by topic and message id, for anti-entropy repair. */
public interface MessageLogStore {
  /**
   * Logs a received payload.
   *
   * @return false, changing nothing, if the topic already has a payload with this id
   */
  boolean append(String topic, Bytes messageId, Bytes payload, long receivedAtMillis);

  Optional<LoggedMessage> get(String topic, Bytes messageId);

  /**
   * Ids of the topic's payloads received in {@code [fromMillis, toMillis)}, by receive time then
   * id, at most {@code limit} of them.
   */
  List<Bytes> idsBetween(String topic, long fromMillis, long toMillis, int limit);

  /**
   * Ids of the topic's payloads received at or after {@code sinceMillis}; see {@link #idsBetween}.
   */
  default List<Bytes> idsSince(String topic, long sinceMillis, int limit) {
    return idsBetween(topic, sinceMillis, Long.MAX_VALUE, limit);
  }

  /** Deletes payloads received before {@code cutoffMillis} (retention); returns how many. */
  int pruneBefore(long cutoffMillis);
}
