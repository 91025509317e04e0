package org.mlsmesh.app.cli;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.config.ControlConfig;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.control.ControlServer;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFileException;

/**
 * A node of {@code node run} or {@code chat}, with its control listener when {@code
 * mlsmesh.node.control.enabled}.
 */
record RunningNode(MlsNode node, Optional<ControlServer> control) implements AutoCloseable {

  /**
   * Starts the node, then its control listener (with the node's meters and every event).
   *
   * @throws org.mlsmesh.config.ConfigException for a control address refused or in use, and what
   *     {@link MlsNode#start} throws it for
   * @throws IOException when the token file cannot be written
   */
  static RunningNode start(MlsMeshConfig config)
      throws IdentityFileException, TimeoutException, IOException {
    ControlConfig settings = config.node().control();
    if (!settings.enabled()) {
      return new RunningNode(MlsNode.start(config), Optional.empty());
    }
    ControlServer.Builder control = ControlServer.builder(settings);
    MlsNode node =
        MlsNode.builder(config)
            .meterRegistry(control.meterRegistry())
            .listener(control.eventListener())
            .start();
    try {
      return new RunningNode(node, Optional.of(control.start(node)));
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** Where the control listener is, for the operator (never the token itself). */
  List<String> controlLines() {
    return control
        .map(
            c ->
                List.of(
                    "control API (gRPC mlsmesh.control.v1) on "
                        + c.unixSocket()
                            .map(socket -> "unix:" + socket)
                            .orElseGet(() -> hostPort(c.host(), c.grpcPort()))
                        + ", bearer token in "
                        + c.tokenFile(),
                    "metrics, health and status page on http://"
                        + hostPort(c.host(), c.httpPort())
                        + "/ (/metrics, /health, /status)"))
        .orElse(List.of("control API off (mlsmesh.node.control.enabled = false)"));
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public void close() {
    control.ifPresent(ControlServer::close);
    node.close();
  }
}
