package org.mlsmesh.gossip.netty;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.GossipEngine;
import org.mlsmesh.gossip.Input;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell of a {@link GossipEngine}: TLS 1.3 links authenticated by the peers' long-term
 * keys, length-prefixed frames with a maximum size, idle timeouts, and backpressure through channel
 * writability (a frame for a link that is not writable is dropped; gossip repairs the loss). The
 * engine runs on one dedicated thread, which alone touches it and the link table; I/O threads only
 * post inputs to it.
 *
 * <p>A seed address may pin the seed's identity as {@code PEERIDHEX@host:port}; otherwise any key
 * is accepted from a seed. A link to a known peer is refused unless the key it proves hashes to the
 * expected peer id.
 */
public final class NettyTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
  private static final AttributeKey<PeerId> PEER = AttributeKey.valueOf("mlsmesh.peer");
  private static final AttributeKey<PeerId> EXPECTED = AttributeKey.valueOf("mlsmesh.expected");
  private static final int MAX_PENDING_FRAMES = 1024;

  private final NodeIdentity identity;
  private final GossipConfig config;
  private final Consumer<Effect> listener;
  private final EventLoopGroup io;
  private final DefaultEventLoop engineLoop = new DefaultEventLoop();
  private final Class<? extends SocketChannel> socketChannel;
  private final SslContext serverSsl;
  private final SslContext clientSsl;
  private final Channel server;
  private final GossipEngine engine;
  private final Peer self;

  // Touched on engineLoop only.
  private final Map<PeerId, Channel> links = new HashMap<>();
  private final Map<Object, ArrayDeque<ByteString>> pending = new HashMap<>();
  private final EnumMap<org.mlsmesh.gossip.TimerKey, ScheduledFuture<?>> timers =
      new EnumMap<>(org.mlsmesh.gossip.TimerKey.class);

  private final AtomicLong refusedHandshakes = new AtomicLong();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong oversizedFrames = new AtomicLong();

  private NettyTransport(
      NodeIdentity identity,
      GossipConfig config,
      String host,
      int port,
      Validator validator,
      Consumer<Effect> listener)
      throws SSLException, InterruptedException {
    this.identity = identity;
    this.config = config;
    this.listener = listener;
    IoHandlerFactory factory;
    Class<? extends ServerSocketChannel> serverChannel;
    if (Epoll.isAvailable()) {
      factory = EpollIoHandler.newFactory();
      serverChannel = EpollServerSocketChannel.class;
      socketChannel = EpollSocketChannel.class;
    } else {
      factory = NioIoHandler.newFactory();
      serverChannel = NioServerSocketChannel.class;
      socketChannel = NioSocketChannel.class;
    }
    this.io = new MultiThreadIoEventLoopGroup(1, factory);
    X509Certificate cert = identity.certificate();
    this.serverSsl =
        SslContextBuilder.forServer(identity.keyPair().getPrivate(), cert)
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3")
            .trustManager(PeerTrustManager.INSTANCE)
            .clientAuth(ClientAuth.REQUIRE)
            .build();
    this.clientSsl =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3")
            .keyManager(identity.keyPair().getPrivate(), cert)
            .trustManager(PeerTrustManager.INSTANCE)
            .endpointIdentificationAlgorithm(null)
            .build();
    this.server =
        new ServerBootstrap()
            .group(io)
            .channel(serverChannel)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    initLink(ch, serverSsl.newHandler(ch.alloc()));
                  }
                })
            .bind(host, port)
            .sync()
            .channel();
    int boundPort = ((InetSocketAddress) server.localAddress()).getPort();
    this.self = new Peer(identity.peerId(), host + ":" + boundPort);
    byte[] seed = new byte[8];
    new SecureRandom().nextBytes(seed);
    long s = 0;
    for (byte b : seed) {
      s = (s << 8) | (b & 0xff);
    }
    this.engine = new GossipEngine(self, config, new SplittableRandom(s), validator);
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

  private WriteBufferWaterMark waterMark() {
    int high = Math.max(4 * config.maxFrameBytes(), 1 << 20);
    return new WriteBufferWaterMark(high / 2, high);
  }

  public Peer self() {
    return self;
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
    return refusedHandshakes.get();
  }

  /** Frames dropped because the link was not writable or not up. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  /** Frames refused by the framing layer for exceeding the maximum size. */
  public long oversizedFrames() {
    return oversizedFrames.get();
  }

  private void post(Input input) {
    onEngine(() -> apply(input));
  }

  /** Runs {@code task} on the engine's thread, unless the transport is closing. */
  private void onEngine(Runnable task) {
    if (!engineLoop.isShuttingDown()) {
      engineLoop.execute(task);
    }
  }

  // ---------------------------------------------------------------- engine thread

  private void apply(Input input) {
    List<Effect> effects;
    try {
      effects = engine.onInput(input, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      LOG.warn("refused {}: {}", input.getClass().getSimpleName(), e.getMessage());
      return;
    }
    for (Effect effect : effects) {
      perform(effect);
    }
  }

  private void perform(Effect effect) {
    if (effect instanceof Effect.Send) {
      Effect.Send send = (Effect.Send) effect;
      sendTo(send.to(), send.frame());
    } else if (effect instanceof Effect.Dial) {
      Effect.Dial dial = (Effect.Dial) effect;
      dial(dial.address(), dial.frame());
    } else if (effect instanceof Effect.Disconnect) {
      Channel ch = links.remove(((Effect.Disconnect) effect).peer());
      if (ch != null) {
        ch.eventLoop().execute(ch::close); // after the writes already queued on the channel
      }
    } else if (effect instanceof Effect.SetTimer) {
      Effect.SetTimer timer = (Effect.SetTimer) effect;
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

  private void sendTo(Peer to, ByteString frame) {
    Channel ch = links.get(to.id());
    if (ch != null && ch.isActive()) {
      write(ch, frame);
      return;
    }
    if (to.address().isEmpty()) {
      droppedFrames.incrementAndGet();
      return;
    }
    if (enqueue(to.id(), frame)) {
      connect(to.address(), to.id(), to.id());
    }
  }

  private void dial(String address, ByteString frame) {
    Optional<PeerId> pinned = Optional.empty();
    String hostPort = address;
    int at = address.indexOf('@');
    if (at > 0) {
      pinned = Optional.of(PeerId.fromBytes(HexFormat.of().parseHex(address.substring(0, at))));
      hostPort = address.substring(at + 1);
    }
    if (pinned.isPresent() && links.containsKey(pinned.get())) {
      write(links.get(pinned.get()), frame);
      return;
    }
    if (enqueue(address, frame)) {
      connect(hostPort, pinned.orElse(null), address);
    }
  }

  /** Queues a frame for a link being opened; true when this is the first (open the link). */
  private boolean enqueue(Object key, ByteString frame) {
    ArrayDeque<ByteString> queue = pending.get(key);
    boolean first = queue == null;
    if (first) {
      queue = new ArrayDeque<>();
      pending.put(key, queue);
    }
    if (queue.size() < MAX_PENDING_FRAMES) {
      queue.add(frame);
    } else {
      droppedFrames.incrementAndGet();
    }
    return first;
  }

  private void connect(String hostPort, PeerId expected, Object pendingKey) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    ChannelFuture future =
        new Bootstrap()
            .group(io)
            .channel(socketChannel)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .attr(EXPECTED, expected)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.attr(PENDING_KEY).set(pendingKey);
                    initLink(ch, clientSsl.newHandler(ch.alloc(), host, port));
                  }
                })
            .connect(host, port);
    future.addListener(
        f -> {
          if (!f.isSuccess()) {
            onEngine(() -> linkFailed(pendingKey, expected));
          }
        });
  }

  private static final AttributeKey<Object> PENDING_KEY = AttributeKey.valueOf("mlsmesh.pending");

  private void linkFailed(Object pendingKey, PeerId expected) {
    pending.remove(pendingKey);
    if (expected != null && !links.containsKey(expected)) {
      apply(new Input.LinkDown(expected));
    }
  }

  /** A verified link to {@code peer}: register it, flush what waited for it, tell the engine. */
  private void linkUp(Channel ch, PeerId peer) {
    links.put(peer, ch);
    Object key = ch.attr(PENDING_KEY).get();
    ArrayDeque<ByteString> queued = key == null ? null : pending.remove(key);
    ArrayDeque<ByteString> byId = pending.remove(peer);
    apply(new Input.LinkUp(peer));
    if (queued != null) {
      queued.forEach(frame -> write(ch, frame));
    }
    if (byId != null) {
      byId.forEach(frame -> write(ch, frame));
    }
  }

  private void linkDown(Channel ch, PeerId peer) {
    if (links.get(peer) == ch) {
      links.remove(peer);
      apply(new Input.LinkDown(peer));
    }
  }

  private void write(Channel ch, ByteString frame) {
    if (ch.isWritable()) {
      ch.writeAndFlush(frame, ch.voidPromise());
    } else {
      droppedFrames.incrementAndGet();
    }
  }

  // ---------------------------------------------------------------- I/O threads

  private void initLink(SocketChannel ch, SslHandler ssl) {
    ch.pipeline().addLast("tls", ssl);
    ch.pipeline()
        .addLast(
            "idle",
            new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    FrameCodec.install(ch.pipeline(), config.maxFrameBytes());
    ch.pipeline().addLast("gossip", new LinkHandler());
  }

  private final class LinkHandler extends SimpleChannelInboundHandler<ByteString> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent) {
        onHandshake(ctx, (SslHandshakeCompletionEvent) event);
      } else if (event instanceof IdleStateEvent) {
        ctx.close();
      } else {
        super.userEventTriggered(ctx, event);
      }
    }

    private void onHandshake(ChannelHandlerContext ctx, SslHandshakeCompletionEvent event) {
      Channel ch = ctx.channel();
      if (!event.isSuccess()) {
        refusedHandshakes.incrementAndGet();
        LOG.debug("TLS handshake with {} failed: {}", ch.remoteAddress(), event.cause().toString());
        ctx.close();
        return;
      }
      PeerId peer;
      try {
        Certificate[] certs =
            ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        peer = NodeIdentity.peerIdOf((X509Certificate) certs[0]);
      } catch (SSLPeerUnverifiedException e) {
        refusedHandshakes.incrementAndGet();
        ctx.close();
        return;
      }
      PeerId expected = ch.attr(EXPECTED).get();
      if ((expected != null && !expected.equals(peer)) || peer.equals(identity.peerId())) {
        refusedHandshakes.incrementAndGet();
        LOG.debug(
            "refused {}: key of {} where {} was expected", ch.remoteAddress(), peer, expected);
        ctx.close();
        return;
      }
      ch.attr(PEER).set(peer);
      onEngine(() -> linkUp(ch, peer));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteString frame) {
      PeerId peer = ctx.channel().attr(PEER).get();
      if (peer != null) {
        post(new Input.FrameReceived(peer, frame));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      PeerId peer = ch.attr(PEER).get();
      Object key = ch.attr(PENDING_KEY).get();
      PeerId expected = ch.attr(EXPECTED).get();
      onEngine(
          () -> {
            if (peer != null) {
              linkDown(ch, peer);
            } else if (key != null) {
              linkFailed(key, expected);
            }
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof io.netty.handler.codec.TooLongFrameException
          || cause.getCause() instanceof io.netty.handler.codec.TooLongFrameException) {
        oversizedFrames.incrementAndGet();
        PeerId peer = ctx.channel().attr(PEER).get();
        if (peer != null) {
          // Counted against the peer like any invalid frame.
          post(new Input.FrameReceived(peer, OVERSIZED_MARKER));
        }
      }
      LOG.debug("closing link {}: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }

  /** Stands for a frame that exceeded the maximum size: the engine counts it as invalid. */
  private static final ByteString OVERSIZED_MARKER = ByteString.copyFrom(new byte[] {(byte) 0xff});

  @Override
  public void close() {
    engineLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    engineLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
