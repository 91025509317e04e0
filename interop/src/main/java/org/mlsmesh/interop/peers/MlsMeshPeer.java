package org.mlsmesh.interop.peers;

import java.io.IOException;
import org.mlsmesh.interop.client.InteropClientServer;
import org.mlsmesh.interop.runner.ClientEndpoint;

/** This implementation's interop client, in this JVM, on a free loopback port. */
public final class MlsMeshPeer {
  private MlsMeshPeer() {}

  /** Starts one, reported as "MLS Mesh" followed by {@code suffix}. */
  public static Peer start(String suffix) throws IOException {
    InteropClientServer server = InteropClientServer.start("127.0.0.1", 0);
    try {
      return new Peer(ClientEndpoint.connect("127.0.0.1", server.port(), suffix), server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }
}
