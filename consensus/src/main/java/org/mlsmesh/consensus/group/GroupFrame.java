package org.mlsmesh.consensus.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.framing.MlsMessage;

/**
 * One frame of the group wire ({@link GroupWire}), parsed once: what travels on a group's topic and
 * what one member sends another directly. Passed along typed; nothing decodes its bytes again.
 */
public sealed interface GroupFrame {
  /** A frame that carries an MLSMessage with its mesh header (read, not yet authenticated). */
  sealed interface Mls extends GroupFrame {
    MlsMessage message();

    MeshHeader header();

    /** The MLSMessage bytes as sent (a Commit's id is their hash). */
    Bytes wire();
  }

  /** A Commit, on the topic or answering a pull ({@code pulled}). */
  record Commit(MlsMessage message, MeshHeader header, Bytes wire, boolean pulled) implements Mls {
    public Commit {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(wire, "wire");
    }
  }

  /** An application message (a PrivateMessage). */
  record Application(MlsMessage message, MeshHeader header, Bytes wire) implements Mls {
    public Application {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(wire, "wire");
    }
  }

  /** A standalone proposal, such as a member's SelfRemove when it leaves. */
  record Proposal(MlsMessage message, MeshHeader header, Bytes wire) implements Mls {
    public Proposal {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(wire, "wire");
    }
  }

  /**
   * A fork-choice message between members: a signed beacon (on the topic, or answering a records
   * pull) or a pull.
   */
  record Consensus(ConsensusMessage message) implements GroupFrame {
    public Consensus {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A Welcome for the receiver (a direct message, re-sent until acknowledged): {@code wire} is the
   * Welcome's MLSMessage encoded, {@code inviterRecords} what its inviter holds final from the
   * epoch it joins (see {@code ForkChoice#adoptDecided}).
   */
  record Welcome(
      MlsMessage message, Bytes wire, Optional<ConsensusMessage.SignedBeacon> inviterRecords)
      implements GroupFrame {
    public Welcome {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(wire, "wire");
      Objects.requireNonNull(inviterRecords, "inviterRecords");
    }
  }

  /** The receiver's invitee joined {@code groupId} from its Welcome: stop re-sending it. */
  record WelcomeAck(Bytes groupId) implements GroupFrame {
    public WelcomeAck {
      Objects.requireNonNull(groupId, "groupId");
    }
  }

  /** A rejoining member asks for the GroupInfo of the receiver's head. */
  record GroupInfoRequest(Bytes groupId) implements GroupFrame {
    public GroupInfoRequest {
      Objects.requireNonNull(groupId, "groupId");
    }
  }

  /**
   * The answer: {@code answer} is {@code group_id, epoch_id, group_info} as sent, checked by {@code
   * GroupInfoCheck} against what the rejoiner knows of the sender.
   */
  record GroupInfoAnswer(Bytes groupId, Bytes answer) implements GroupFrame {
    public GroupInfoAnswer {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(answer, "answer");
    }
  }
}
