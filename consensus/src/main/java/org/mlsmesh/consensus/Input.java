package org.mlsmesh.consensus;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** What drives a {@link ForkChoice}: Commits, the local member's sends, timers and beacons. */
public sealed interface Input {
  /**
   * A Commit from a peer (or the echo of our own). {@code parent} is the epoch id the sender put in
   * the authenticated data; staging checks it, because a Commit only validates against the state it
   * was built on. The committer is not an input: it is authenticated by staging.
   */
  record CommitReceived(CommitId commit, EpochId parent, Bytes wire) implements Input {
    public CommitReceived {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(wire, "wire");
    }
  }

  /**
   * A Commit the local member created on {@code parent} (creation does not change state, RFC 9420
   * §14) and handed to gossip. It is a candidate like any other; if it loses, {@code intent} is
   * handed back to be built again. {@code welcome} is released only when this Commit is final (RFC
   * 9750 §5.2.3). {@code attempt} is 0 for the first try and the {@link
   * Effect.RebuildCommit#attempt()} for a rebuild.
   */
  record LocalCommitCreated(
      CommitId commit,
      EpochId parent,
      Bytes wire,
      Intent intent,
      Optional<Bytes> welcome,
      int attempt)
      implements Input {
    public LocalCommitCreated {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(wire, "wire");
      Objects.requireNonNull(intent, "intent");
      Objects.requireNonNull(welcome, "welcome");
      if (attempt < 0) {
        throw new IllegalArgumentException("negative attempt");
      }
    }
  }

  /**
   * The local member sent an application message, encrypted in {@code epoch}. The fork choice keeps
   * the plaintext in its outbox until that epoch is final, and asks to re-send it under the same id
   * if the epoch loses.
   */
  record ApplicationSent(AppMessageId id, Bytes payload, EpochId epoch) implements Input {
    public ApplicationSent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /** A decrypted application message from a peer: delivered once per id ({@link DeliveredIds}). */
  record ApplicationReceived(AppMessageId id, Bytes payload) implements Input {
    public ApplicationReceived {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * The local member sent a proposal in {@code epoch}. If that epoch loses, or its successor does
   * not include the proposal, {@code intent} is handed back to be proposed again.
   */
  record ProposalSent(ProposalRef ref, Intent intent, EpochId epoch, int attempt) implements Input {
    public ProposalSent {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(intent, "intent");
      Objects.requireNonNull(epoch, "epoch");
      if (attempt < 0) {
        throw new IllegalArgumentException("negative attempt");
      }
    }
  }

  /** A timer set by {@link Effect.SetTimer} fired. */
  record TimerFired(TimerKey key) implements Input {
    public TimerFired {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * A message (Commit or application message) of this group took {@code delayMillis} from its
   * sender to the local member, as the shell measured it (for instance from a send time the sender
   * put in the message). A running percentile of these sets the settle window ({@link
   * ForkChoiceConfig.SettleWindowMode#MEASURED}).
   */
  record DeliveryDelayMeasured(long delayMillis) implements Input {
    public DeliveryDelayMeasured {
      if (delayMillis < 0) {
        throw new IllegalArgumentException("negative delay " + delayMillis);
      }
    }
  }

  /** A verified beacon from another member. */
  record BeaconReceived(Beacon beacon) implements Input {
    public BeaconReceived {
      Objects.requireNonNull(beacon, "beacon");
    }
  }
}
