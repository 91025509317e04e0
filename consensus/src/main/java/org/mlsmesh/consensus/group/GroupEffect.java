package org.mlsmesh.consensus.group;

import java.util.Objects;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What a {@link GroupEngine} asks its shell to do. The effects of one input come in order, and a
 * {@link Persist} is always first: the shell commits it before it performs anything after it, so
 * nothing is sent or told that storage could lose.
 */
public sealed interface GroupEffect {
  /** Apply {@code transaction} atomically (one storage transaction), then destroy it. */
  record Persist(GroupTransaction transaction) implements GroupEffect {
    public Persist {
      Objects.requireNonNull(transaction, "transaction");
    }
  }

  /** Publish a frame of the group wire on the group's topic. */
  record Publish(Bytes payload) implements GroupEffect {
    public Publish {
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Send a direct message of the group wire to the member (or invitee) {@code to}. */
  record SendDirect(Bytes to, Bytes payload) implements GroupEffect {
    public SendDirect {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Tell the application. */
  record Notify(GroupEvent event) implements GroupEffect {
    public Notify {
      Objects.requireNonNull(event, "event");
    }
  }

  /** The command {@code request} succeeded; {@code value} is its result (empty for none). */
  record Completed(long request, Bytes value) implements GroupEffect {
    public Completed {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The command {@code request} failed, for {@code reason}. */
  record Failed(long request, String reason) implements GroupEffect {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Fire {@link GroupInput.TimerFired} for {@code timer} at {@code atMillis}, replacing one. */
  record SetTimer(EngineTimer timer, long atMillis) implements GroupEffect {
    public SetTimer {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /** Peer input was refused (invalid, or of no use here): count it, log it at debug. */
  record Refused(String what) implements GroupEffect {
    public Refused {
      Objects.requireNonNull(what, "what");
    }
  }

  /** Something the operator should know (a partition, an equivocating member): log it. */
  record Warn(String what) implements GroupEffect {
    public Warn {
      Objects.requireNonNull(what, "what");
    }
  }

  /**
   * What the fork choice decided, for observers (metrics, the simulator's ground truth); the engine
   * has already acted on it.
   */
  record Observed(Effect effect) implements GroupEffect {
    public Observed {
      Objects.requireNonNull(effect, "effect");
    }
  }

  /**
   * A live application message arrived {@code millis} after its header's send time (the sender's
   * clock; 0 when skew made it negative), a delay the settle window measures: for observers.
   */
  record DeliveryDelay(long millis) implements GroupEffect {}

  /** The member is out of the group (removed, or left); its storage is forgotten. Stop. */
  record Stopped() implements GroupEffect {}
}
