package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The storage writes of one input, applied together or not at all: the new head state, fork
 * snapshots stored or erased, outbox changes, delivered ids. Holds secrets (saved states): the
 * shell destroys the transaction once it applied it.
 */
public final class GroupTransaction {
  /** One write. */
  public sealed interface Op {}

  /** Store the head state (a {@code SavedGroupState}) of epoch {@code epoch}. */
  public record PutHead(long epoch, Secret state) implements Op {}

  /** Store a fork snapshot (an encoded snapshot payload) of the epoch {@code epochId}. */
  public record PutSnapshot(Bytes epochId, long epoch, Secret snapshot) implements Op {}

  /**
   * Store the public records of the newest final Commits (replacing the ones stored): a restarted
   * member still decides partitions longer than the settle window.
   */
  public record PutHistory(Bytes records) implements Op {}

  /** Erase the fork snapshot of {@code epochId} (forward secrecy, RFC 9750 §5.2.2). */
  public record DeleteSnapshot(Bytes epochId) implements Op {}

  /** Enqueue (or replace the payload of) an outbox entry; it is pending again. */
  public record OutboxPut(Bytes messageId, OutboxItem.Kind kind, Bytes payload) implements Op {}

  /** The entry was handed to the network once more. */
  public record OutboxAttempt(Bytes messageId) implements Op {}

  public record OutboxRemove(Bytes messageId) implements Op {}

  /** The application message {@code messageId} was delivered: never deliver it again. */
  public record MarkDelivered(Bytes messageId) implements Op {}

  /** The member left the group: forget its state, snapshots, outbox and delivered ids. */
  public record ForgetGroup() implements Op {}

  private final Bytes groupId;
  private final long atMillis;
  private final List<Op> ops;

  GroupTransaction(Bytes groupId, long atMillis, List<Op> ops) {
    this.groupId = Objects.requireNonNull(groupId, "groupId");
    this.atMillis = atMillis;
    this.ops = List.copyOf(ops);
  }

  public Bytes groupId() {
    return groupId;
  }

  /** When the input that wrote it was processed. */
  public long atMillis() {
    return atMillis;
  }

  public List<Op> ops() {
    return ops;
  }

  /** Erases the saved states it carries. */
  public void destroy() {
    for (Op op : ops) {
      if (op instanceof PutHead h) {
        h.state().destroy();
      } else if (op instanceof PutSnapshot s) {
        s.snapshot().destroy();
      }
    }
  }

  @Override
  public String toString() {
    List<String> kinds = new ArrayList<>();
    for (Op op : ops) {
      kinds.add(op.getClass().getSimpleName());
    }
    return "GroupTransaction" + kinds;
  }
}
