package org.mlsmesh.gossip.netty;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;

/**
 * Whether a link is read: not while the engine throttles its peer (the peer went over its byte
 * budget), nor while too many of its frames wait for the engine. A link that is not read leaves the
 * peer's frames in the network, so TCP slows the peer down. Touched on the channel's event loop
 * only.
 */
final class ReadGate {
  private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf("mlsmesh.links.gate");

  /** Throttles not yet expired: reading resumes when the longest one ends. */
  private int throttles;

  private boolean backlogged;

  private ReadGate() {}

  static ReadGate of(Channel ch) {
    ReadGate gate = ch.attr(KEY).get();
    if (gate == null) {
      gate = new ReadGate();
      ch.attr(KEY).set(gate);
    }
    return gate;
  }

  /** Stops reading {@code ch} for {@code millis}, or longer if another throttle lasts longer. */
  void throttle(Channel ch, long millis) {
    if (millis <= 0) {
      return;
    }
    throttles++;
    update(ch);
    ch.eventLoop()
        .schedule(
            () -> {
              throttles--;
              update(ch);
            },
            millis,
            TimeUnit.MILLISECONDS);
  }

  /** Stops or resumes reading {@code ch} for the frames waiting for the engine. */
  void backlog(Channel ch, boolean waiting) {
    backlogged = waiting;
    update(ch);
  }

  private void update(Channel ch) {
    boolean open = !backlogged && throttles == 0;
    if (ch.config().isAutoRead() != open) {
      ch.config().setAutoRead(open);
    }
  }
}
