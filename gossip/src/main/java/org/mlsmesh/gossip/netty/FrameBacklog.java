package org.mlsmesh.gossip.netty;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.mlsmesh.gossip.PeerId;

/**
 * The frames of each peer handed to the engine's owner and not processed yet: a peer with {@link
 * #MAX_PENDING_FRAMES} waiting is not read ({@link NettyLinks#backlog}) until half of them are
 * processed, so a flood waits in the network instead of in memory. Safe from any thread.
 */
public final class FrameBacklog {
  public static final int MAX_PENDING_FRAMES = 256;

  private final BiConsumer<PeerId, Boolean> gate;
  private final ConcurrentHashMap<PeerId, AtomicInteger> waiting = new ConcurrentHashMap<>();

  /** {@code gate} stops (true) or resumes (false) reading a peer: {@link NettyLinks#backlog}. */
  public FrameBacklog(BiConsumer<PeerId, Boolean> gate) {
    this.gate = gate;
  }

  /** A frame of {@code peer} was handed on (I/O thread). */
  public void queued(PeerId peer) {
    if (waiting.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet()
        == MAX_PENDING_FRAMES) {
      gate.accept(peer, true);
    }
  }

  /** A frame of {@code peer} was processed (the engine's thread). */
  public void processed(PeerId peer) {
    AtomicInteger count = waiting.get(peer);
    if (count != null && count.decrementAndGet() == MAX_PENDING_FRAMES / 2) {
      gate.accept(peer, false);
    }
  }

  /** The link to {@code peer} is gone, and its count with it. */
  public void forget(PeerId peer) {
    waiting.remove(peer);
  }

  /** Frames of {@code peer} waiting now. */
  public int pending(PeerId peer) {
    AtomicInteger count = waiting.get(peer);
    return count == null ? 0 : count.get();
  }
}
