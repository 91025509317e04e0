package org.mlsmesh.gossip.netty;

import com.google.protobuf.ByteString;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.GossipEngine;
import org.mlsmesh.gossip.Input;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.TimerKey;
import org.mlsmesh.gossip.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell of a {@link GossipEngine} over {@link NettyLinks} (TLS 1.3 links authenticated by
 * the peers' long-term keys, bounded frames, idle timeouts, backpressure). The engine runs on one
 * dedicated thread, which alone touches it and its timers; the links' I/O thread only posts inputs
 * to it.
 *
 * <p>A seed address may pin the seed's identity as {@code PEERIDHEX@host:port}; otherwise any key
 * is accepted from a seed. A link to a known peer is refused unless the key it proves hashes to the
 * expected peer id.
 */
public final class NettyTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

  /** Stands for a frame that exceeded the maximum size: the engine counts it as invalid. */
  private static final ByteString OVERSIZED_MARKER = ByteString.copyFrom(new byte[] {(byte) 0xff});

  private final Consumer<Effect> listener;
  private final DefaultEventLoop engineLoop = new DefaultEventLoop();
  private final NettyLinks links;
  private final GossipEngine engine;

  // Touched on engineLoop only.
  private final EnumMap<TimerKey, ScheduledFuture<?>> timers = new EnumMap<>(TimerKey.class);

  private final AtomicLong oversizedFrames = new AtomicLong();

  private final FrameBacklog backlog = new FrameBacklog(this::readGate);

  private NettyTransport(
      NodeIdentity identity,
      GossipConfig config,
      String host,
      int port,
      Validator validator,
      Consumer<Effect> listener)
      throws SSLException, InterruptedException {
    this.listener = listener;
    this.links =
        NettyLinks.start(
            identity,
            host,
            port,
            config.maxFrameBytes(),
            config.idleTimeout().toMillis(),
            new LinkEvents());
    byte[] seed = new byte[8];
    new SecureRandom().nextBytes(seed);
    long s = 0;
    for (byte b : seed) {
      s = (s << 8) | (b & 0xff);
    }
    this.engine =
        new GossipEngine(
            links.self(), config, new SplittableRandom(s), validator, identity.rootSignatures());
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one), starts the engine and joins through the
   * configured seeds. Application effects (deliveries, direct messages, bans) go to {@code
   * listener}, on the engine's thread.
   */
  public static NettyTransport start(
      NodeIdentity identity,
      GossipConfig config,
      String host,
      int port,
      Validator validator,
      Consumer<Effect> listener)
      throws SSLException, InterruptedException {
    NettyTransport transport =
        new NettyTransport(identity, config, host, port, validator, listener);
    transport.post(new Input.Start());
    return transport;
  }

  public Peer self() {
    return links.self();
  }

  public void publish(String topic, ByteString payload) {
    post(new Input.Publish(topic, payload));
  }

  public void subscribe(String topic) {
    post(new Input.Subscribe(topic));
  }

  public void sendDirect(PeerId to, ByteString payload) {
    post(new Input.SendDirect(to, payload));
  }

  /** The engine's active view, read on its thread. */
  public List<PeerId> activeView() {
    try {
      return engineLoop.submit(engine::activeView).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("engine did not answer", e);
    }
  }

  /** Links refused because the peer's key did not hash to the expected id, or TLS failed. */
  public long refusedHandshakes() {
    return links.refusedHandshakes();
  }

  /** Frames dropped because the link was not writable or not up. */
  public long droppedFrames() {
    return links.droppedFrames();
  }

  /** Frames refused by the framing layer for exceeding the maximum size. */
  public long oversizedFrames() {
    return oversizedFrames.get();
  }

  /** Stops or resumes reading {@code peer} for its frames waiting for the engine. */
  private void readGate(PeerId peer, boolean waiting) {
    links.backlog(peer, waiting);
  }

  /** Runs {@code input} on the engine's thread, unless the transport is closing. */
  private void post(Input input) {
    if (!engineLoop.isShuttingDown()) {
      engineLoop.execute(() -> apply(input));
    }
  }

  // ---------------------------------------------------------------- engine thread

  private void apply(Input input) {
    List<Effect> effects;
    try {
      effects = engine.onInput(input, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      LOG.warn("refused {}: {}", input.getClass().getSimpleName(), PeerText.describe(e));
      return;
    }
    for (Effect effect : effects) {
      perform(effect);
    }
  }

  private void perform(Effect effect) {
    if (effect instanceof Effect.Send send) {
      links.send(send.to(), send.frame());
    } else if (effect instanceof Effect.Dial dial) {
      links.dial(dial.address(), dial.frame());
    } else if (effect instanceof Effect.Disconnect disconnect) {
      links.disconnect(disconnect.peer());
    } else if (effect instanceof Effect.Throttle throttle) {
      links.throttle(throttle.peer(), throttle.untilMillis() - System.currentTimeMillis());
    } else if (effect instanceof Effect.SetTimer timer) {
      ScheduledFuture<?> previous = timers.remove(timer.key());
      if (previous != null) {
        previous.cancel(false);
      }
      long delay = Math.max(0, timer.atMillis() - System.currentTimeMillis());
      timers.put(
          timer.key(),
          engineLoop.schedule(
              () -> apply(new Input.TimerFired(timer.key())), delay, TimeUnit.MILLISECONDS));
    } else {
      listener.accept(effect);
    }
  }

  // ---------------------------------------------------------------- links' I/O thread

  private final class LinkEvents implements NettyLinks.Listener {
    @Override
    public void linkUp(PeerId peer) {
      post(new Input.LinkUp(peer));
    }

    @Override
    public void frame(PeerId from, ByteString frame) {
      backlog.queued(from);
      if (!engineLoop.isShuttingDown()) {
        engineLoop.execute(
            () -> {
              backlog.processed(from);
              apply(new Input.FrameReceived(from, frame));
            });
      }
    }

    @Override
    public void linkDown(PeerId peer) {
      backlog.forget(peer);
      post(new Input.LinkDown(peer));
    }

    @Override
    public void oversizedFrame(PeerId from) {
      oversizedFrames.incrementAndGet();
      // Counted against the peer like any invalid frame.
      post(new Input.FrameReceived(from, OVERSIZED_MARKER));
    }
  }

  @Override
  public void close() {
    engineLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    links.close();
    engineLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
