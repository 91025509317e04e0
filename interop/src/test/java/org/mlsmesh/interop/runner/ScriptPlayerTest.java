package org.mlsmesh.interop.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.List;
import mls_client.MLSClientGrpc;
import mls_client.MlsClient.StateAuthResponse;
import org.junit.jupiter.api.Test;
import org.mlsmesh.interop.client.MlsClientService;
import org.mlsmesh.interop.peers.MlsMeshPeer;
import org.mlsmesh.interop.peers.Peer;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/** The runner fails a case when the clients disagree, and says where. */
class ScriptPlayerTest {
  /** A client that reports a wrong state auth: what a broken implementation would do. */
  private static final class LyingStateAuth implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (!call.getMethodDescriptor().equals(MLSClientGrpc.getStateAuthMethod())) {
        return next.startCall(call, headers);
      }
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            @SuppressWarnings("unchecked")
            public void sendMessage(R message) {
              StateAuthResponse honest = (StateAuthResponse) message;
              byte[] auth = honest.getStateAuthSecret().toByteArray();
              auth[0] ^= 1;
              super.sendMessage(
                  (R)
                      StateAuthResponse.newBuilder()
                          .setStateAuthSecret(com.google.protobuf.ByteString.copyFrom(auth))
                          .build());
            }
          },
          headers);
    }
  }

  @Test
  void aDisagreeingClientFailsTheCaseWithTheStep() throws Exception {
    Server liar =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(
                    new MlsClientService(new SecureEntropySource(), System::currentTimeMillis),
                    new LyingStateAuth()))
            .build()
            .start();
    try (Peer honest = MlsMeshPeer.start(" (honest)");
        ClientEndpoint lying = ClientEndpoint.connect("127.0.0.1", liar.getPort(), " (lying)")) {
      Script script = InteropConfigs.scripts("welcome_join").get(0);
      StringWriter out = new StringWriter();
      List<CaseResult> results =
          new InteropRunner(
                  new InteropRunner.Options(List.of(script), List.of(1), false, false, List.of()),
                  new PrintWriter(out, true))
              .run(honest.endpoint(), lying);
      assertThat(results).hasSize(1);
      assertThat(results.get(0).outcome()).isEqualTo(CaseResult.Outcome.FAILED);
      assertThat(results.get(0).detail())
          .contains("step 3 fullCommit")
          .contains("state auth differs");
      assertThat(InteropRunner.totals(results)).isEqualTo("0 passed, 1 failed, 0 skipped");
      assertThat(out.toString()).startsWith("FAILED");
    } finally {
      liar.shutdownNow();
    }
  }

  @Test
  void aSuiteOneClientLacksIsSkippedNotPassed() throws Exception {
    try (Peer a = MlsMeshPeer.start(" (a)");
        Peer b = MlsMeshPeer.start(" (b)")) {
      Script script = InteropConfigs.scripts("application").get(0);
      List<CaseResult> results =
          new InteropRunner(
                  new InteropRunner.Options(
                      List.of(script), List.of(0x0a0a), false, false, List.of()),
                  new PrintWriter(new StringWriter(), true))
              .run(a.endpoint(), b.endpoint());
      assertThat(results.get(0).outcome()).isEqualTo(CaseResult.Outcome.SKIPPED);
      assertThat(results.get(0).line()).contains("lacks the suite");
      assertThat(InteropRunner.totals(results)).isEqualTo("0 passed, 0 failed, 1 skipped");
    }
  }
}
