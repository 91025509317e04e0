package org.mlsmesh.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's local control listener (section {@code mlsmesh.node.control}, documented in {@code
 * reference.conf}): the control API over gRPC, and metrics, health and the status page over HTTP,
 * both behind a bearer token kept in an owner-only file.
 *
 * @param enabled whether {@code mlsmesh node run} and {@code mlsmesh chat} start the listener
 * @param host the address both servers bind; loopback unless {@code allowNonLoopback}
 * @param grpcPort the control API's port; 0 picks a free one
 * @param unixSocket when present, the control API listens on this Unix domain socket (owner-only)
 *     instead of {@code host:grpcPort}
 * @param httpPort the metrics, health and status page port; 0 picks a free one
 * @param tokenFile the file the bearer token is written to at every start (mode 0600)
 * @param allowNonLoopback whether {@code host} may be an address other hosts can reach
 * @param eventBuffer how many recent events are kept for clients that resume their stream
 */
public record ControlConfig(
    boolean enabled,
    String host,
    int grpcPort,
    Optional<Path> unixSocket,
    int httpPort,
    Path tokenFile,
    boolean allowNonLoopback,
    int eventBuffer) {

  static final String SECTION = NodeConfig.SECTION + ".control";

  public ControlConfig {
    if (Objects.requireNonNull(host, "host").isBlank()) {
      throw new ConfigException(SECTION + ".host", "must not be empty");
    }
    requirePort(SECTION + ".grpc-port", grpcPort);
    Objects.requireNonNull(unixSocket, "unixSocket");
    requirePort(SECTION + ".http-port", httpPort);
    if (grpcPort != 0 && grpcPort == httpPort) {
      throw new ConfigException(
          SECTION + ".http-port", "must differ from grpc-port, both are " + grpcPort);
    }
    Objects.requireNonNull(tokenFile, "tokenFile");
    if (eventBuffer < 16 || eventBuffer > 1_000_000) {
      throw new ConfigException(
          SECTION + ".event-buffer", "must be between 16 and 1000000, got " + eventBuffer);
    }
  }

  /** A copy whose token file, if relative, is taken relative to {@code base}. */
  public ControlConfig resolvedAgainst(Path base) {
    return new ControlConfig(
        enabled,
        host,
        grpcPort,
        unixSocket.map(base::resolve),
        httpPort,
        base.resolve(tokenFile),
        allowNonLoopback,
        eventBuffer);
  }

  private static void requirePort(String key, int port) {
    if (port < 0 || port > 65_535) {
      throw new ConfigException(key, "must be between 0 and 65535, got " + port);
    }
  }
}
