package org.mlsmesh.consensus.group;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What drives a {@link GroupEngine}: frames from the group's topic and from other members, the
 * application's commands (each with a request number its completion names), and timers. The time
 * comes with every input, as a value.
 */
public sealed interface GroupInput {
  /** A frame delivered on the group's topic (see {@link GroupWire}). */
  record TopicFrame(Bytes payload) implements GroupInput {
    public TopicFrame {
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** A direct message of the group wire from the member whose identity is {@code from}. */
  record DirectFrame(Bytes from, Bytes payload) implements GroupInput {
    public DirectFrame {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * A Welcome of this group reached the node again from {@code inviter} (its acknowledgement was
   * lost): acknowledge it, if the inviter is a member.
   */
  record WelcomeRepeated(Bytes inviter) implements GroupInput {
    public WelcomeRepeated {
      Objects.requireNonNull(inviter, "inviter");
    }
  }

  /** Encrypt and send {@code payload}; completes with the application message id. */
  record Send(long request, Bytes payload) implements GroupInput {
    public Send {
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * Commit an Add of {@code keyPackage} for the member {@code invitee} (its identity); completes
   * when the Commit is final and its Welcome released.
   */
  record Invite(long request, Bytes invitee, Bytes keyPackage) implements GroupInput {
    public Invite {
      Objects.requireNonNull(invitee, "invitee");
      Objects.requireNonNull(keyPackage, "keyPackage");
    }
  }

  /** Commit the removal of the member {@code identity}; completes when it is final. */
  record Remove(long request, Bytes identity) implements GroupInput {
    public Remove {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** Commit an update of the own leaf and path; completes when it is final. */
  record Update(long request) implements GroupInput {}

  /**
   * Propose the own removal (a member cannot commit it, RFC 9420 §12.1.3); completes when another
   * member's Commit removed this one.
   */
  record Leave(long request) implements GroupInput {}

  /** A timer set by {@link GroupEffect.SetTimer} fired. */
  record TimerFired(EngineTimer timer) implements GroupInput {
    public TimerFired {
      Objects.requireNonNull(timer, "timer");
    }
  }
}
