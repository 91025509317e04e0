package org.mlsmesh.control;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.ControlConfig;
import org.mlsmesh.control.internal.BearerTokenInterceptor;
import org.mlsmesh.control.internal.ControlToken;
import org.mlsmesh.control.internal.EventLog;
import org.mlsmesh.control.internal.HttpEndpoints;
import org.mlsmesh.control.internal.NodeControlService;
import org.mlsmesh.control.internal.UnixSocketListener;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeListener;

/**
 * The local control listener of a running {@link MlsNode}: the control API over gRPC ({@code
 * mlsmesh/control/v1/control.proto}) and, on a second port of the same address, Prometheus metrics,
 * health and the status page over HTTP. Both refuse any call without the bearer token, which {@link
 * Builder#start} writes anew to the token file (owner-only) — except {@code /health}.
 *
 * <pre>{@code
 * ControlServer.Builder control = ControlServer.builder(config.node().control());
 * MlsNode node =
 *     MlsNode.builder(config)
 *         .meterRegistry(control.meterRegistry())
 *         .listener(control.eventListener())
 *         .start();
 * ControlServer server = control.start(node);
 * }</pre>
 */
public final class ControlServer implements AutoCloseable {
  /** The recent events kept for resuming streams hold at most this many bytes of payloads. */
  public static final long EVENT_BYTES = 64L << 20;

  private final ControlConfig config;
  private final Server grpc;
  private final Optional<UnixSocketListener> unix;
  private final HttpEndpoints http;
  private final NodeControlService service;
  private final PrometheusMeterRegistry registry;

  private ControlServer(
      ControlConfig config,
      Server grpc,
      Optional<UnixSocketListener> unix,
      HttpEndpoints http,
      NodeControlService service,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.grpc = grpc;
    this.unix = unix;
    this.http = http;
    this.service = service;
    this.registry = registry;
  }

  /**
   * A control listener to start with {@code config}, once its node is started.
   *
   * @throws ConfigException when the host does not resolve, or is not a loopback address and {@code
   *     allow-non-loopback} is false
   */
  public static Builder builder(ControlConfig config) {
    return new Builder(config);
  }

  /** What the node must be started with, then {@link #start}. */
  public static final class Builder {
    private final ControlConfig config;
    private final PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventLog events;
    private final long createdMillis = System.currentTimeMillis();
    private final InetAddress host;

    private Builder(ControlConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.host = bindAddress(config);
      byte[] run = new byte[8];
      new SecureRandom().nextBytes(run);
      this.events =
          new EventLog(
              config.eventBuffer(),
              EVENT_BYTES,
              HexFormat.of().formatHex(run),
              System::currentTimeMillis);
    }

    /** The registry to start the node with ({@code MlsNode.Builder.meterRegistry}). */
    public MeterRegistry meterRegistry() {
      return registry;
    }

    /** The listener to start the node with ({@code MlsNode.Builder.listener}). */
    public MlsNodeListener eventListener() {
      return events;
    }

    /**
     * Writes a fresh token to the token file and starts both servers over {@code node}.
     *
     * @throws ConfigException when a port is in use
     * @throws IOException when the token file cannot be written
     */
    public ControlServer start(MlsNode node) throws IOException {
      Objects.requireNonNull(node, "node");
      ControlToken token = ControlToken.createFresh(config.tokenFile(), new SecureRandom());
      NodeControlService service = new NodeControlService(node, events);
      Optional<UnixSocketListener> unix = Optional.empty();
      if (config.unixSocket().isPresent()) {
        try {
          unix = Optional.of(UnixSocketListener.on(config.unixSocket().get()));
        } catch (IOException e) {
          throw new ConfigException("mlsmesh.node.control.unix-socket", e.getMessage());
        }
      }
      NettyServerBuilder builder =
          unix.isPresent()
              ? unix.get().serverBuilder()
              : NettyServerBuilder.forAddress(new InetSocketAddress(host, config.grpcPort()));
      Server grpc =
          builder
              .addService(
                  ServerInterceptors.intercept(
                      service, new BearerTokenInterceptor(token, config.tokenFile())))
              .maxInboundMessageSize(2 << 20)
              .build();
      try {
        grpc.start();
        if (unix.isPresent()) {
          unix.get().restrictToOwner();
        }
      } catch (IOException e) {
        grpc.shutdownNow();
        unix.ifPresent(UnixSocketListener::close);
        throw config.unixSocket().isPresent()
            ? new ConfigException(
                "mlsmesh.node.control.unix-socket",
                "cannot listen on " + config.unixSocket().get() + ": " + e.getMessage())
            : inUse("grpc-port", host, config.grpcPort(), e);
      }
      HttpEndpoints http;
      try {
        http =
            HttpEndpoints.start(
                new InetSocketAddress(host, config.httpPort()),
                node,
                events,
                registry,
                token,
                config.tokenFile(),
                createdMillis);
      } catch (IOException e) {
        grpc.shutdownNow();
        unix.ifPresent(UnixSocketListener::close);
        throw inUse("http-port", host, config.httpPort(), e);
      }
      return new ControlServer(config, grpc, unix, http, service, registry);
    }
  }

  private static InetAddress bindAddress(ControlConfig config) {
    String key = "mlsmesh.node.control.host";
    InetAddress address;
    try {
      address = InetAddress.getByName(config.host());
    } catch (UnknownHostException e) {
      throw new ConfigException(key, "does not resolve: " + config.host());
    }
    if (!address.isLoopbackAddress() && !config.allowNonLoopback()) {
      throw new ConfigException(
          key,
          config.host()
              + " is not a loopback address: the node's control would be reachable from other"
              + " hosts; set mlsmesh.node.control.allow-non-loopback = true to mean it");
    }
    return address;
  }

  private static ConfigException inUse(String key, InetAddress host, int port, IOException e) {
    String why =
        e instanceof BindException || e.getCause() instanceof BindException
            ? "cannot listen on " + host.getHostAddress() + ":" + port + " (in use?)"
            : "cannot listen on " + host.getHostAddress() + ":" + port + ": " + e.getMessage();
    return new ConfigException("mlsmesh.node.control." + key, why);
  }

  /** The address both servers are bound to. */
  public String host() {
    return config.host();
  }

  /** The control API's port (-1 when it listens on a Unix domain socket). */
  public int grpcPort() {
    return grpc.getPort();
  }

  /** The Unix domain socket the control API listens on, if it does. */
  public Optional<Path> unixSocket() {
    return config.unixSocket();
  }

  /** The HTTP port: {@code /metrics}, {@code /health}, {@code /status}. */
  public int httpPort() {
    return http.port();
  }

  /** Where the bearer token is. */
  public Path tokenFile() {
    return config.tokenFile();
  }

  /** The Prometheus registry the node's meters are in. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Ends the event streams and stops both servers. */
  @Override
  public void close() {
    service.closeStreams();
    http.close();
    grpc.shutdown();
    try {
      if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
        grpc.shutdownNow();
      }
    } catch (InterruptedException e) {
      grpc.shutdownNow();
      Thread.currentThread().interrupt();
    }
    unix.ifPresent(UnixSocketListener::close);
  }
}
