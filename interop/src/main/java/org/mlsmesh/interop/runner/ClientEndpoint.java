package org.mlsmesh.interop.runner;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mls_client.MLSClientGrpc;
import mls_client.MlsClient.NameRequest;
import mls_client.MlsClient.SupportedCiphersuitesRequest;

/** A running interop client the runner talks to: its name, suites and a blocking stub. */
public final class ClientEndpoint implements AutoCloseable {
  /** How long one call may take: a stuck peer fails the case instead of hanging the run. */
  private static final long CALL_SECONDS = 60;

  private final ManagedChannel channel;
  private final String name;
  private final List<Integer> suites;

  private ClientEndpoint(ManagedChannel channel, String name, List<Integer> suites) {
    this.channel = channel;
    this.name = name;
    this.suites = suites;
  }

  /** Connects to the client at {@code host:port} and asks its name and suites. */
  public static ClientEndpoint connect(String host, int port) {
    return connect(host, port, "");
  }

  /**
   * As {@link #connect(String, int)}, reported as its name followed by {@code suffix} (to tell two
   * instances of one implementation apart).
   */
  public static ClientEndpoint connect(String host, int port, String suffix) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    try {
      MLSClientGrpc.MLSClientBlockingStub stub =
          MLSClientGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
      String name = stub.name(NameRequest.getDefaultInstance()).getName();
      List<Integer> suites =
          List.copyOf(
              stub.supportedCiphersuites(SupportedCiphersuitesRequest.getDefaultInstance())
                  .getCiphersuitesList());
      return new ClientEndpoint(channel, name + suffix, suites);
    } catch (RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public List<Integer> suites() {
    return suites;
  }

  /** A stub for one call (each gets its own deadline). */
  MLSClientGrpc.MLSClientBlockingStub stub() {
    return MLSClientGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }

  @Override
  public String toString() {
    return name;
  }
}
