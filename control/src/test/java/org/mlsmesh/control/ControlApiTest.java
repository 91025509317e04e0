package org.mlsmesh.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.ControlConfig;
import org.mlsmesh.control.v1.CreateGroupRequest;
import org.mlsmesh.control.v1.Event;
import org.mlsmesh.control.v1.GetGroupRequest;
import org.mlsmesh.control.v1.GetIdentityRequest;
import org.mlsmesh.control.v1.GetStatusRequest;
import org.mlsmesh.control.v1.Identity;
import org.mlsmesh.control.v1.InviteRequest;
import org.mlsmesh.control.v1.ListGroupsRequest;
import org.mlsmesh.control.v1.MembershipChange;
import org.mlsmesh.control.v1.NodeControlGrpc;
import org.mlsmesh.control.v1.SendRequest;
import org.mlsmesh.control.v1.StreamEventsRequest;

/**
 * Two real nodes, each with its control listener, driven over gRPC only: create a group, invite the
 * second node, send, read the second node's event stream, reconnect with from_seq; wrong and
 * missing tokens refused; metrics and health over HTTP.
 */
class ControlApiTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void drivesTwoNodesEndToEnd(@TempDir Path dir) throws Exception {
    try (ControlledNode alice = ControlledNode.start(dir.resolve("alice"), List.of(), 1000)) {
      String aliceSeed = alice.node.pinnedAddress();
      try (ControlledNode bob =
          ControlledNode.start(dir.resolve("bob"), List.of(aliceSeed), 1000)) {
        NodeControlGrpc.NodeControlBlockingStub a = alice.stub(alice.token());
        NodeControlGrpc.NodeControlBlockingStub b = bob.stub(bob.token());
        Identity bobId = b.getIdentity(GetIdentityRequest.getDefaultInstance());
        assertThat(bobId.getApiVersion()).isEqualTo("1");
        assertThat(bobId.getMemberId()).isEqualTo(bob.node.identity().toHex());

        String group = a.createGroup(CreateGroupRequest.getDefaultInstance()).getGroupId();
        MembershipChange added = invite(a, group, bobId.getMemberId());
        assertThat(added.getMemberId()).isEqualTo(bobId.getMemberId());
        assertThat(b.listGroups(ListGroupsRequest.getDefaultInstance()).getGroupIdsList())
            .containsExactly(group);
        assertThat(
                a.getGroup(GetGroupRequest.newBuilder().setGroupId(group).build()).getMembersList())
            .containsExactlyInAnyOrder(alice.node.identity().toHex(), bobId.getMemberId());

        // Bob follows his events from the first one; alice sends.
        EventReader first = EventReader.open(bob, 1, "");
        String m1 = send(a, group, "one");
        Event got1 = first.until(e -> e.hasMessageReceived());
        assertThat(got1.getMessageReceived().getMessageId()).isEqualTo(m1);
        assertThat(got1.getMessageReceived().getPayload().toStringUtf8()).isEqualTo("one");
        assertThat(got1.getMessageReceived().getSender()).isEqualTo(alice.node.identity().toHex());
        first.cancel();

        // Disconnected, Bob misses two messages; he reconnects from the seq after the last seen.
        String m2 = send(a, group, "two");
        String m3 = send(a, group, "three");
        awaitMessages(b, 3);
        EventReader resumed = EventReader.open(bob, got1.getSeq() + 1, got1.getRunId());
        List<String> ids = new ArrayList<>();
        long seq = got1.getSeq();
        while (ids.size() < 2) {
          Event e = resumed.next();
          assertThat(e.getSeq()).isEqualTo(++seq);
          if (e.hasMessageReceived()) {
            ids.add(e.getMessageReceived().getMessageId());
          }
        }
        assertThat(ids).containsExactly(m2, m3);
        resumed.cancel();

        // A run id of another run is refused; so is a seq in the future.
        assertThat(EventReader.open(bob, 1, "00ff").failure().getStatus().getCode())
            .isEqualTo(Status.Code.ABORTED);
        assertThat(EventReader.open(bob, 1_000_000, "").failure().getStatus().getCode())
            .isEqualTo(Status.Code.OUT_OF_RANGE);

        // Metrics and health over HTTP.
        String metrics = get(alice.httpUrl("/metrics"), alice.token());
        assertThat(metrics)
            .contains(
                "mlsmesh_gossip_frames_in_frames_total", "mlsmesh_group_commit_final_seconds");
        assertThat(get(bob.httpUrl("/metrics"), bob.token()))
            .containsPattern("mlsmesh_group_deliveries_messages_total\\{node=\"[0-9a-f]+\"} 3.0");
        assertThat(status(alice.httpUrl("/metrics"), null)).isEqualTo(401);
        assertThat(status(alice.httpUrl("/metrics"), "nope")).isEqualTo(401);
        assertThat(get(alice.httpUrl("/health"), null)).contains("\"status\":\"UP\"");
      }
    }
  }

  @Test
  void refusesMissingAndWrongTokens(@TempDir Path dir) throws Exception {
    try (ControlledNode alice = ControlledNode.start(dir, List.of(), 100)) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(alice.control.tokenFile())))
          .isEqualTo("rw-------");
      assertThatThrownBy(
              () -> alice.stub(null).getIdentity(GetIdentityRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription())
                    .contains("no bearer token", alice.control.tokenFile().toString());
              });
      String wrong = "0".repeat(64);
      String right = alice.token();
      assertThatThrownBy(
              () -> alice.stub(wrong).createGroup(CreateGroupRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription()).contains("wrong bearer token");
                assertThat(e.getStatus().getDescription()).doesNotContain(right);
              });
      assertThat(EventReader.open(alice, 0, "", wrong).failure().getStatus().getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(alice.node.groups().toCompletableFuture().get()).isEmpty();

      // Bad arguments are named.
      NodeControlGrpc.NodeControlBlockingStub ok = alice.stub(alice.token());
      assertThatThrownBy(() -> ok.getGroup(GetGroupRequest.newBuilder().setGroupId("xyz").build()))
          .hasMessageContaining("INVALID_ARGUMENT: group_id");
      assertThatThrownBy(() -> ok.getGroup(GetGroupRequest.newBuilder().setGroupId("abcd").build()))
          .hasMessageContaining("NOT_FOUND");
      assertThat(ok.getStatus(GetStatusRequest.getDefaultInstance()).getPeersLinked()).isZero();

      // Another host's reach is refused unless configured.
      ControlConfig open =
          new ControlConfig(
              true, "0.0.0.0", 0, Optional.empty(), 0, dir.resolve("other.token"), false, 16);
      assertThatThrownBy(() -> ControlServer.builder(open))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("mlsmesh.node.control.host")
          .hasMessageContaining("allow-non-loopback");
      assertThat(dir.resolve("other.token")).doesNotExist();
    }
  }

  @Test
  void servesOnAnOwnerOnlyUnixSocket(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("control.sock");
    try (ControlledNode alice =
        ControlledNode.start(
            dir, List.of(), 100, Map.of("mlsmesh.node.control.unix-socket", socket))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-------");
      assertThat(
              alice
                  .stub(alice.token())
                  .getIdentity(GetIdentityRequest.getDefaultInstance())
                  .getMemberId())
          .isEqualTo(alice.node.identity().toHex());
      assertThatThrownBy(
              () -> alice.stub(null).getIdentity(GetIdentityRequest.getDefaultInstance()))
          .hasMessageContaining("UNAUTHENTICATED");
    }
    assertThat(socket).doesNotExist();
  }

  private static MembershipChange invite(
      NodeControlGrpc.NodeControlBlockingStub stub, String group, String member)
      throws InterruptedException {
    InviteRequest request =
        InviteRequest.newBuilder()
            .setGroupId(group)
            .setMemberId(member)
            .setTimeoutSeconds(60)
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        return stub.invite(request);
      } catch (StatusRuntimeException e) {
        // Right after the invitee started, the directory may not have its KeyPackages yet.
        if (attempt == 100
            || !String.valueOf(e.getStatus().getDescription()).contains("no KeyPackage")) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static String send(
      NodeControlGrpc.NodeControlBlockingStub stub, String group, String text) {
    return stub.send(
            SendRequest.newBuilder()
                .setGroupId(group)
                .setPayload(ByteString.copyFromUtf8(text))
                .build())
        .getMessageId();
  }

  private static void awaitMessages(NodeControlGrpc.NodeControlBlockingStub stub, long count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stub.getStatus(GetStatusRequest.getDefaultInstance()).getLastEventSeq() == 0
        || stub.listGroups(ListGroupsRequest.getDefaultInstance()).getGroupIdsCount() == 0
        || delivered(stub) < count) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static long delivered(NodeControlGrpc.NodeControlBlockingStub stub) {
    String group = stub.listGroups(ListGroupsRequest.getDefaultInstance()).getGroupIds(0);
    return stub.getGroup(GetGroupRequest.newBuilder().setGroupId(group).build()).getDelivered();
  }

  private String get(String url, String token) throws Exception {
    HttpResponse<String> response = request(url, token);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private int status(String url, String token) throws Exception {
    return request(url, token).statusCode();
  }

  private HttpResponse<String> request(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A StreamEvents call read through a queue. */
  static final class EventReader implements StreamObserver<Event> {
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private io.grpc.Context.CancellableContext context;

    static EventReader open(ControlledNode node, long fromSeq, String runId) throws Exception {
      return open(node, fromSeq, runId, node.token());
    }

    static EventReader open(ControlledNode node, long fromSeq, String runId, String token) {
      EventReader reader = new EventReader();
      reader.context = io.grpc.Context.current().withCancellation();
      reader.context.run(
          () ->
              node.asyncStub(token)
                  .streamEvents(
                      StreamEventsRequest.newBuilder().setFromSeq(fromSeq).setRunId(runId).build(),
                      reader));
      return reader;
    }

    Event next() throws InterruptedException {
      Object item = queue.poll(60, TimeUnit.SECONDS);
      assertThat(item).as("an event within 60 s").isNotNull();
      if (item instanceof Throwable t) {
        throw new AssertionError("the stream failed", t);
      }
      return (Event) item;
    }

    Event until(java.util.function.Predicate<Event> wanted) throws InterruptedException {
      for (; ; ) {
        Event e = next();
        if (wanted.test(e)) {
          return e;
        }
      }
    }

    StatusRuntimeException failure() throws InterruptedException {
      Object item = queue.poll(30, TimeUnit.SECONDS);
      assertThat(item).isInstanceOf(StatusRuntimeException.class);
      return (StatusRuntimeException) item;
    }

    void cancel() {
      context.cancel(null);
    }

    @Override
    public void onNext(Event value) {
      queue.add(value);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(
          t instanceof StatusRuntimeException s ? s : Status.fromThrowable(t).asRuntimeException());
    }

    @Override
    public void onCompleted() {}
  }
}
