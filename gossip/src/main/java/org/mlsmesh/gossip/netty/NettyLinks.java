package org.mlsmesh.gossip.netty;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
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
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links of a node: TLS 1.3 links authenticated by the peers' long-term keys, length-prefixed
 * frames with a maximum size, idle timeouts, backpressure through channel writability (a frame for
 * a link that is not writable is dropped; gossip repairs the loss) and by not reading from a peer
 * the engine throttles or whose frames pile up ({@link ReadGate}), flushes coalesced (the frames
 * written in one run of the I/O thread go out in one flush), epoll when available. A shell that
 * owns a {@link org.mlsmesh.gossip.GossipEngine} ({@link NettyTransport}, or an actor) carries out
 * the engine's {@code Send}, {@code Dial} and {@code Disconnect} effects through it and feeds what
 * the {@link Listener} hears back to the engine.
 *
 * <p>The link table is touched on one I/O thread only; the methods may be called from any thread.
 * Listener callbacks run on that I/O thread and must not block.
 */
public final class NettyLinks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyLinks.class);
  private static final AttributeKey<PeerId> PEER = AttributeKey.valueOf("mlsmesh.links.peer");
  private static final AttributeKey<PeerId> EXPECTED =
      AttributeKey.valueOf("mlsmesh.links.expected");
  private static final AttributeKey<Object> PENDING_KEY =
      AttributeKey.valueOf("mlsmesh.links.pending");
  private static final int MAX_PENDING_FRAMES = 1024;

  /** A link flushes at the latest after this many frames written without a flush. */
  static final int FLUSH_AFTER_FRAMES = 64;

  /** What the links report; called on the I/O thread. */
  public interface Listener {
    /** A link to {@code peer} is authenticated. */
    void linkUp(PeerId peer);

    /** The link to {@code peer} is lost, or could not be opened. */
    void linkDown(PeerId peer);

    /** A frame arrived on the authenticated link to {@code from}; not parsed. */
    void frame(PeerId from, ByteString frame);

    /** {@code from} sent a frame over the maximum size; the link is closed. */
    void oversizedFrame(PeerId from);
  }

  private final NodeIdentity identity;
  private final int maxFrameBytes;
  private final long idleTimeoutMillis;
  private final Listener listener;
  private final EventLoopGroup io;
  private final EventLoop loop;
  private final Class<? extends SocketChannel> socketChannel;
  private final SslContext serverSsl;
  private final SslContext clientSsl;
  private final Channel server;
  private final Peer self;

  // Touched on loop only.
  private final Map<PeerId, Channel> links = new HashMap<>();
  private final Map<Object, ArrayDeque<ByteString>> pending = new HashMap<>();

  private final AtomicLong refusedHandshakes = new AtomicLong();
  private final AtomicLong droppedFrames = new AtomicLong();

  private NettyLinks(
      NodeIdentity identity,
      String host,
      int port,
      int maxFrameBytes,
      long idleTimeoutMillis,
      Listener listener)
      throws SSLException, InterruptedException {
    this.identity = identity;
    this.maxFrameBytes = maxFrameBytes;
    this.idleTimeoutMillis = idleTimeoutMillis;
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
    this.loop = io.next();
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
    try {
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
    } catch (RuntimeException | InterruptedException e) {
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    int boundPort = ((InetSocketAddress) server.localAddress()).getPort();
    this.self = new Peer(identity.peerId(), host + ":" + boundPort);
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one).
   *
   * @param maxFrameBytes frames above this size close the link
   * @param idleTimeoutMillis a link with nothing read for this long is closed
   */
  public static NettyLinks start(
      NodeIdentity identity,
      String host,
      int port,
      int maxFrameBytes,
      long idleTimeoutMillis,
      Listener listener)
      throws SSLException, InterruptedException {
    return new NettyLinks(identity, host, port, maxFrameBytes, idleTimeoutMillis, listener);
  }

  /** This node, with the address it actually listens on. */
  public Peer self() {
    return self;
  }

  /** Sends {@code frame} to {@code to}, opening a link to its address if there is none. */
  public void send(Peer to, ByteString frame) {
    loop.execute(() -> sendNow(to, frame));
  }

  /**
   * Sends {@code frame} to an address whose peer id may not be known yet ({@code host:port}, or
   * {@code PEERIDHEX@host:port} to pin the key the peer must prove).
   */
  public void dial(String address, ByteString frame) {
    loop.execute(() -> dialNow(address, frame));
  }

  /** Closes the link to {@code peer}, after the frames already queued on it. */
  public void disconnect(PeerId peer) {
    loop.execute(
        () -> {
          Channel ch = links.remove(peer);
          if (ch != null) {
            ch.close();
          }
        });
  }

  /**
   * Reads nothing from {@code peer} for {@code millis} from now: the engine's {@code Throttle}
   * effect.
   */
  public void throttle(PeerId peer, long millis) {
    onLink(peer, ch -> ReadGate.of(ch).throttle(ch, millis));
  }

  /**
   * Stops reading from {@code peer} while {@code waiting} (its frames wait for the engine), and
   * resumes when called with false.
   */
  public void backlog(PeerId peer, boolean waiting) {
    onLink(peer, ch -> ReadGate.of(ch).backlog(ch, waiting));
  }

  /** Runs {@code action} on the I/O thread with the link to {@code peer}, if there is one. */
  private void onLink(PeerId peer, Consumer<Channel> action) {
    loop.execute(
        () -> {
          Channel ch = links.get(peer);
          if (ch != null) {
            action.accept(ch);
          }
        });
  }

  /** Links refused because the peer's key did not hash to the expected id, or TLS failed. */
  public long refusedHandshakes() {
    return refusedHandshakes.get();
  }

  /** Frames dropped because the link was not writable or could not be opened. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  private WriteBufferWaterMark waterMark() {
    int high = Math.max(4 * maxFrameBytes, 1 << 20);
    return new WriteBufferWaterMark(high / 2, high);
  }

  // ---------------------------------------------------------------- on loop

  private void sendNow(Peer to, ByteString frame) {
    Channel ch = links.get(to.id());
    if (ch != null && ch.isActive()) {
      write(ch, frame);
    } else if (to.address().isEmpty()) {
      droppedFrames.incrementAndGet();
    } else if (enqueue(to.id(), frame)) {
      connect(to.address(), to.id(), to.id());
    }
  }

  private void dialNow(String address, ByteString frame) {
    PeerId pinned = null;
    String hostPort = address;
    int at = address.indexOf('@');
    try {
      if (at > 0) {
        pinned = PeerId.fromBytes(HexFormat.of().parseHex(address.substring(0, at)));
        hostPort = address.substring(at + 1);
      }
      if (pinned != null && links.containsKey(pinned)) {
        write(links.get(pinned), frame);
      } else if (enqueue(address, frame)) {
        connect(hostPort, pinned, address);
      }
    } catch (IllegalArgumentException e) {
      droppedFrames.incrementAndGet();
      // Addresses travel in gossip: a peer may have made this one up.
      LOG.warn("cannot dial '{}': {}", PeerText.prefix(address), PeerText.describe(e));
    }
  }

  /** Queues a frame for a link being opened; true when this is the first (open the link). */
  private boolean enqueue(Object key, ByteString frame) {
    ArrayDeque<ByteString> queue = pending.computeIfAbsent(key, k -> new ArrayDeque<>());
    boolean first = queue.isEmpty();
    if (queue.size() < MAX_PENDING_FRAMES) {
      queue.add(frame);
    } else {
      droppedFrames.incrementAndGet();
    }
    return first;
  }

  private void connect(String hostPort, PeerId expected, Object pendingKey) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not host:port");
    }
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    new Bootstrap()
        .group(io)
        .channel(socketChannel)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
        .attr(EXPECTED, expected)
        .attr(PENDING_KEY, pendingKey)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                initLink(ch, clientSsl.newHandler(ch.alloc(), host, port));
              }
            })
        .connect(host, port)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                loop.execute(() -> linkFailed(pendingKey, expected));
              }
            });
  }

  private void linkFailed(Object pendingKey, PeerId expected) {
    ArrayDeque<ByteString> dropped = pending.remove(pendingKey);
    if (dropped != null) {
      droppedFrames.addAndGet(dropped.size());
    }
    if (expected != null && !links.containsKey(expected)) {
      listener.linkDown(expected);
    }
  }

  private void linkUp(Channel ch, PeerId peer) {
    // A second link to the same peer (both dialled at once) replaces the first in the table but is
    // not closed: the peer may be sending on it, and an unused link ends by its idle timeout.
    links.put(peer, ch);
    Object key = ch.attr(PENDING_KEY).get();
    ArrayDeque<ByteString> queued = key == null ? null : pending.remove(key);
    ArrayDeque<ByteString> byId = pending.remove(peer);
    listener.linkUp(peer);
    if (queued != null) {
      queued.forEach(frame -> write(ch, frame));
    }
    if (byId != null) {
      byId.forEach(frame -> write(ch, frame));
    }
  }

  private void write(Channel ch, ByteString frame) {
    if (ch.isWritable()) {
      ch.writeAndFlush(frame, ch.voidPromise());
    } else {
      droppedFrames.incrementAndGet();
    }
  }

  private void initLink(SocketChannel ch, SslHandler ssl) {
    ch.pipeline().addLast("tls", ssl);
    ch.pipeline()
        .addLast("idle", new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    // Frames written in one run of the I/O thread (a burst of sends handed over together) are
    // flushed once: TLS seals them into as few records as fit, and the socket takes one write.
    ch.pipeline().addLast("flush", new FlushConsolidationHandler(FLUSH_AFTER_FRAMES, true));
    FrameCodec.install(ch.pipeline(), maxFrameBytes);
    ch.pipeline().addLast("links", new LinkHandler());
  }

  /** Runs on the channel's event loop, which is {@link #loop}: the group has one thread. */
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
        // The cause may quote the peer's bytes (NotSslRecordException: all of its first record).
        LOG.debug(
            "TLS handshake with {} failed: {}",
            ch.remoteAddress(),
            PeerText.describe(event.cause()));
        ctx.close();
        return;
      }
      PeerId peer;
      try {
        X509Certificate cert =
            (X509Certificate)
                ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates()[0];
        peer = NodeIdentity.peerIdOf(cert);
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
      linkUp(ch, peer);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteString frame) {
      PeerId peer = ctx.channel().attr(PEER).get();
      if (peer != null) {
        listener.frame(peer, frame);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      PeerId peer = ch.attr(PEER).get();
      if (peer != null) {
        if (links.get(peer) == ch) {
          links.remove(peer);
          listener.linkDown(peer);
        }
      } else {
        Object key = ch.attr(PENDING_KEY).get();
        if (key != null) {
          linkFailed(key, ch.attr(EXPECTED).get());
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      PeerId peer = ctx.channel().attr(PEER).get();
      if (peer != null
          && (cause instanceof TooLongFrameException
              || cause.getCause() instanceof TooLongFrameException)) {
        listener.oversizedFrame(peer);
      }
      LOG.debug("closing link {}: {}", ctx.channel().remoteAddress(), PeerText.describe(cause));
      ctx.close();
    }
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
