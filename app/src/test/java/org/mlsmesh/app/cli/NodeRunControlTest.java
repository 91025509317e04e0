package org.mlsmesh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;
import org.mlsmesh.control.v1.GetIdentityRequest;
import org.mlsmesh.control.v1.NodeControlGrpc;
import org.mlsmesh.node.TestJvm;

/** {@code mlsmesh node run} serves its control listener where it says, behind its token. */
@Timeout(120)
class NodeRunControlTest {
  private static final Pattern CONTROL =
      Pattern.compile(
          "control API \\(gRPC mlsmesh.control.v1\\) on 127.0.0.1:(\\d+), bearer token in (.+)");
  private static final Pattern HTTP = Pattern.compile("on http://127.0.0.1:(\\d+)/");

  @TempDir Path dir;

  @Test
  void servesTheControlApiAndHealthBehindTheToken() throws Exception {
    Path conf = BadStartInputTest.nodeConfig(dir, "");
    Process process =
        new ProcessBuilder(TestJvm.command(Main.class, "node", "run", "--config", conf.toString()))
            .redirectError(dir.resolve("stderr.log").toFile())
            .start();
    ManagedChannel channel = null;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
      String nodeLine = out.readLine();
      assertThat(nodeLine).as(Files.readString(dir.resolve("stderr.log"))).contains("listening on");
      Matcher control = CONTROL.matcher(out.readLine());
      assertThat(control.matches()).isTrue();
      Matcher http = HTTP.matcher(out.readLine());
      assertThat(http.find()).isTrue();
      Path tokenFile = Path.of(control.group(2));
      assertThat(tokenFile).isEqualTo(dir.resolve("control.token").toAbsolutePath());
      String token = Files.readString(tokenFile).strip();

      channel =
          NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(control.group(1)))
              .usePlaintext()
              .build();
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      String id =
          NodeControlGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
              .getIdentity(GetIdentityRequest.getDefaultInstance())
              .getMemberId();
      assertThat(nodeLine).startsWith("node " + id + " ");
      NodeControlGrpc.NodeControlBlockingStub anonymous = NodeControlGrpc.newBlockingStub(channel);
      assertThatThrownBy(() -> anonymous.getIdentity(GetIdentityRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + http.group(1) + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aNonLoopbackControlAddressIsRefusedUnlessAllowed() throws Exception {
    Path conf = BadStartInputTest.nodeConfig(dir, "mlsmesh.node.control.host = \"0.0.0.0\"\n");
    Run run = ConformanceCommandTest.run("node", "run", "--config", conf.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.node.control.host")
        .contains("not a loopback address")
        .contains("allow-non-loopback");
  }
}
