package org.mlsmesh.control.internal;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * gRPC over a Unix domain socket (Linux epoll, shipped in grpc-netty-shaded): reached through the
 * file system, so also from another network namespace. Owns the event loop of its server.
 */
public final class UnixSocketListener implements AutoCloseable {
  private final Path socket;
  private final EpollEventLoopGroup loop;

  private UnixSocketListener(Path socket) {
    this.socket = socket;
    this.loop = new EpollEventLoopGroup(2, new DefaultThreadFactory("mlsmesh-control-uds", true));
  }

  /**
   * A listener for {@code socket}; a stale socket file left by a killed node is removed.
   *
   * @throws IOException when this platform has no epoll, or the path is another kind of file
   */
  public static UnixSocketListener on(Path socket) throws IOException {
    requireEpoll();
    if (Files.exists(socket)) {
      if (Files.isRegularFile(socket) || Files.isDirectory(socket)) {
        throw new IOException(socket + " exists and is not a socket");
      }
      Files.delete(socket);
    }
    return new UnixSocketListener(socket);
  }

  /** A server builder bound to the socket. */
  public NettyServerBuilder serverBuilder() {
    return NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(loop)
        .workerEventLoopGroup(loop);
  }

  /** Makes the bound socket file owner-only. */
  public void restrictToOwner() throws IOException {
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
  }

  /**
   * A plaintext channel to the control API on {@code socket}, on a daemon event loop that ends with
   * the channel.
   */
  public static ManagedChannel channelTo(Path socket) throws IOException {
    requireEpoll();
    EpollEventLoopGroup loop =
        new EpollEventLoopGroup(1, new DefaultThreadFactory("mlsmesh-control-client", true));
    return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
        .channelType(EpollDomainSocketChannel.class)
        .eventLoopGroup(loop)
        .usePlaintext()
        .build();
  }

  private static void requireEpoll() throws IOException {
    if (!Epoll.isAvailable()) {
      throw new IOException(
          "Unix domain sockets need Linux epoll: " + Epoll.unavailabilityCause().getMessage());
    }
  }

  /** Stops the event loop (after the server) and removes the socket file. */
  @Override
  public void close() {
    loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // left behind: the next start removes it
    }
  }
}
