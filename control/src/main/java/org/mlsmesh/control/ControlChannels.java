package org.mlsmesh.control;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import org.mlsmesh.control.internal.UnixSocketListener;

/** Channels to a node's control API, for clients in Java. */
public final class ControlChannels {
  private ControlChannels() {}

  /**
   * A plaintext channel to a control API on the Unix domain socket {@code socket} ({@code
   * mlsmesh.node.control.unix-socket}); every call still needs the bearer token.
   *
   * @throws IOException when this platform has no Linux epoll
   */
  public static ManagedChannel unixSocket(Path socket) throws IOException {
    return UnixSocketListener.channelTo(socket);
  }
}
