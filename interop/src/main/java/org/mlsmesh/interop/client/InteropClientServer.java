package org.mlsmesh.interop.client;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/** The interop client as a gRPC server on a TCP port (the shell: real clock, real randomness). */
public final class InteropClientServer implements AutoCloseable {
  private final Server server;

  private InteropClientServer(Server server) {
    this.server = server;
  }

  /**
   * Serves {@code MLSClient} on {@code host:port} ({@code port} 0 picks a free one).
   *
   * @throws IOException when the port cannot be bound
   */
  public static InteropClientServer start(String host, int port) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .addService(new MlsClientService(new SecureEntropySource(), System::currentTimeMillis))
            .build()
            .start();
    return new InteropClientServer(server);
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
