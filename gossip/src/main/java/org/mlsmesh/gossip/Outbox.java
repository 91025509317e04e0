package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * The effects of the input being processed, collected in order, and the engine's timers: a timer is
 * set only when it is due earlier than the pending one, and fires only when due.
 */
final class Outbox {
  private final Links links;
  private final EnumMap<TimerKey, Long> timerDue = new EnumMap<>(TimerKey.class);
  private List<Effect> effects;

  Outbox(Links links) {
    this.links = links;
  }

  void begin() {
    effects = new ArrayList<>();
  }

  List<Effect> finish() {
    List<Effect> result = effects;
    effects = null;
    return result;
  }

  void add(Effect effect) {
    effects.add(effect);
  }

  /** Sends to a peer, linked or not (a linked one counts as just sent to: no ping due). */
  void send(Peer to, Envelope envelope, long now) {
    if (to == null) {
      return;
    }
    Link link = links.get(to.id());
    if (link != null) {
      link.lastSent = now;
    }
    effects.add(new Effect.Send(to, envelope));
  }

  void send(Link link, Envelope envelope, long now) {
    if (link == null) {
      return;
    }
    link.lastSent = now;
    effects.add(new Effect.Send(link.peer, envelope));
  }

  void setTimer(TimerKey key, long atMillis) {
    Long due = timerDue.get(key);
    if (due == null || atMillis < due) {
      timerDue.put(key, atMillis);
      effects.add(new Effect.SetTimer(key, atMillis));
    }
  }

  /** Whether the timer {@code key} is due at {@code now}; if so it is no longer pending. */
  boolean fire(TimerKey key, long now) {
    Long due = timerDue.get(key);
    if (due == null || now < due) {
      return false;
    }
    timerDue.remove(key);
    return true;
  }
}
