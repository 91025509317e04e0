package org.mlsmesh.control;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.config.ConfigBuilder;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.control.internal.UnixSocketListener;
import org.mlsmesh.control.v1.NodeControlGrpc;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.protocol.crypto.CipherSuite;

/** A real node with its control listener on free loopback ports, as {@code node run} starts it. */
final class ControlledNode implements AutoCloseable {
  final MlsNode node;
  final ControlServer control;
  private final ManagedChannel channel;

  private ControlledNode(MlsNode node, ControlServer control) {
    this.node = node;
    this.control = control;
    this.channel = channel(control);
  }

  private static ManagedChannel channel(ControlServer control) {
    if (control.unixSocket().isPresent()) {
      try {
        return UnixSocketListener.channelTo(control.unixSocket().get());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return NettyChannelBuilder.forAddress("127.0.0.1", control.grpcPort()).usePlaintext().build();
  }

  static ControlledNode start(Path dir, List<String> seeds, int eventBuffer) throws Exception {
    return start(dir, seeds, eventBuffer, Map.of());
  }

  static ControlledNode start(
      Path dir, List<String> seeds, int eventBuffer, Map<String, Object> settings)
      throws Exception {
    Path identity = dir.resolve("identity.key");
    IdentityFile.createIfMissing(
        identity, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    ConfigBuilder builder =
        ConfigBuilder.create()
            .identityFile(identity)
            .listen("127.0.0.1", 0)
            .memoryStorage()
            .seeds(seeds)
            .set("mlsmesh.node.control.grpc-port", 0)
            .set("mlsmesh.node.control.http-port", 0)
            .set("mlsmesh.node.control.token-file", dir.resolve("control.token"))
            .set("mlsmesh.node.control.event-buffer", eventBuffer);
    settings.forEach(builder::set);
    MlsMeshConfig config = builder.build();
    ControlServer.Builder control = ControlServer.builder(config.node().control());
    MlsNode node =
        MlsNode.builder(config)
            .meterRegistry(control.meterRegistry())
            .listener(control.eventListener())
            .start();
    try {
      return new ControlledNode(node, control.start(node));
    } catch (Exception e) {
      node.close();
      throw e;
    }
  }

  /** Invites {@code invitee}, again while the directory has no KeyPackage of it yet. */
  static void invite(MlsNode from, GroupId group, MemberId invitee) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        from.invite(group, invitee, Duration.ofSeconds(60)).toCompletableFuture().get();
        return;
      } catch (ExecutionException e) {
        if (attempt == 100 || !String.valueOf(e.getCause()).contains("no KeyPackage")) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  String token() throws Exception {
    return Files.readString(control.tokenFile()).strip();
  }

  /** A stub that sends {@code token} (none when null). */
  NodeControlGrpc.NodeControlBlockingStub stub(String token) {
    return NodeControlGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(token)));
  }

  NodeControlGrpc.NodeControlStub asyncStub(String token) {
    return NodeControlGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(token)));
  }

  private static Metadata headers(String token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    return headers;
  }

  String httpUrl(String path) {
    return "http://127.0.0.1:" + control.httpPort() + path;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    control.close();
    node.close();
  }
}
