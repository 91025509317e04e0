package org.mlsmesh.interop.peers;

import java.util.Objects;
import org.mlsmesh.interop.runner.ClientEndpoint;

/** A running interop client and what keeps it running (a server or a process), closed together. */
public final class Peer implements AutoCloseable {
  private final ClientEndpoint endpoint;
  private final AutoCloseable running;

  Peer(ClientEndpoint endpoint, AutoCloseable running) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.running = Objects.requireNonNull(running, "running");
  }

  /** An interop client someone else runs, at {@code host:port}. */
  public static Peer remote(String host, int port) {
    return new Peer(ClientEndpoint.connect(host, port), () -> {});
  }

  public ClientEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    endpoint.close();
    running.close();
  }
}
