package org.mlsmesh.consensus.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;

/** What a {@link GroupEngine} tells the application about its group, in order. */
public sealed interface GroupEvent {
  /** An application message, delivered once per id; {@code sender} is the sender's identity. */
  record MessageReceived(Bytes sender, Bytes messageId, Bytes payload) implements GroupEvent {
    public MessageReceived {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** {@code identity} is a member now. */
  record MemberJoined(Bytes identity) implements GroupEvent {
    public MemberJoined {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** {@code identity} is no member any more (the local member's own identity: it was removed). */
  record MemberLeft(Bytes identity) implements GroupEvent {
    public MemberLeft {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** The current epoch is {@code epoch}, with this epoch authenticator (RFC 9420 §8.7). */
  record EpochChanged(long epoch, Bytes authenticator) implements GroupEvent {
    public EpochChanged {
      Objects.requireNonNull(authenticator, "authenticator");
    }
  }

  /**
   * A fork resolved: the head rolled back over {@code dropped} epochs to apply the winner, which
   * produced {@code epoch} with {@code authenticator}.
   */
  record ForkResolved(long epoch, Bytes authenticator, int dropped) implements GroupEvent {
    public ForkResolved {
      Objects.requireNonNull(authenticator, "authenticator");
    }
  }

  /**
   * The local member created the Commit {@code commit} on {@code parent} (with the Welcome it will
   * release if it wins): for observers such as the simulator.
   */
  record CommitCreated(CommitId commit, EpochId parent, Optional<Bytes> welcome)
      implements GroupEvent {
    public CommitCreated {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(welcome, "welcome");
    }
  }

  /** The member rejoined the surviving branch after a partition, in {@code epoch}. */
  record Rejoined(long epoch) implements GroupEvent {}
}
