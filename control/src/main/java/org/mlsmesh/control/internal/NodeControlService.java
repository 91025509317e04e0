package org.mlsmesh.control.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mlsmesh.control.v1.CreateGroupRequest;
import org.mlsmesh.control.v1.CreateGroupResponse;
import org.mlsmesh.control.v1.Event;
import org.mlsmesh.control.v1.GetGroupRequest;
import org.mlsmesh.control.v1.GetIdentityRequest;
import org.mlsmesh.control.v1.GetStatusRequest;
import org.mlsmesh.control.v1.GroupStatus;
import org.mlsmesh.control.v1.Identity;
import org.mlsmesh.control.v1.InviteRequest;
import org.mlsmesh.control.v1.LeaveRequest;
import org.mlsmesh.control.v1.LeaveResponse;
import org.mlsmesh.control.v1.ListGroupsRequest;
import org.mlsmesh.control.v1.ListGroupsResponse;
import org.mlsmesh.control.v1.MembershipChange;
import org.mlsmesh.control.v1.NodeControlGrpc;
import org.mlsmesh.control.v1.NodeStatus;
import org.mlsmesh.control.v1.RemoveRequest;
import org.mlsmesh.control.v1.SendRequest;
import org.mlsmesh.control.v1.SendResponse;
import org.mlsmesh.control.v1.StreamEventsRequest;
import org.mlsmesh.control.v1.UpdateRequest;
import org.mlsmesh.control.v1.UpdateResponse;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;

/** The control API (control.proto, version 1) over one {@link MlsNode}. */
public final class NodeControlService extends NodeControlGrpc.NodeControlImplBase {
  /** The largest payload Send takes. */
  static final int MAX_PAYLOAD = 1 << 20;

  private static final String API_VERSION = "1";

  private final MlsNode node;
  private final EventLog events;
  private final List<EventStream> streams = new CopyOnWriteArrayList<>();

  public NodeControlService(MlsNode node, EventLog events) {
    this.node = Objects.requireNonNull(node, "node");
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void getIdentity(GetIdentityRequest request, StreamObserver<Identity> out) {
    answer(
        out,
        Identity.newBuilder()
            .setMemberId(node.identity().toHex())
            .setPinnedAddress(node.pinnedAddress())
            .setGossipAddress(node.address())
            .setApiVersion(API_VERSION)
            .setRunId(events.runId())
            .build());
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<NodeStatus> out) {
    reply(
        out,
        () -> node.status().thenCombine(node.linkedPeers(), this::status),
        Function.identity());
  }

  private NodeStatus status(org.mlsmesh.node.NodeStatus s, List<MemberId> peers) {
    return NodeStatus.newBuilder()
        .setPeersLinked(s.peersLinked())
        .addAllLinkedPeers(peers.stream().map(MemberId::toHex).toList())
        .setInvalidFrames(s.invalidFrames())
        .setRejectedMessages(s.rejectedMessages())
        .setBans(s.bans())
        .setRefusedHandshakes(s.refusedHandshakes())
        .setDeliveredMessages(s.deliveredMessages())
        .setRetainedMessages(s.retainedMessages())
        .setDroppedWelcomes(s.droppedWelcomes())
        .setLastEventSeq(events.lastSeq())
        .setOldestEventSeq(events.oldestSeq())
        .build();
  }

  @Override
  public void listGroups(ListGroupsRequest request, StreamObserver<ListGroupsResponse> out) {
    reply(
        out,
        node::groups,
        ids ->
            ListGroupsResponse.newBuilder()
                .addAllGroupIds(ids.stream().map(GroupId::toHex).toList())
                .build());
  }

  @Override
  public void getGroup(GetGroupRequest request, StreamObserver<GroupStatus> out) {
    reply(
        out, () -> node.status(RequestIds.group(request.getGroupId())), NodeControlService::group);
  }

  static GroupStatus group(org.mlsmesh.node.GroupStatus s) {
    return GroupStatus.newBuilder()
        .setGroupId(s.groupId().toHex())
        .setEpoch(s.epoch())
        .setFinalEpoch(s.finalEpoch())
        .setEpochAuthenticator(s.epochAuthenticator().toHex())
        .addAllMembers(s.members().stream().map(MemberId::toHex).toList())
        .setDelivered(s.delivered())
        .setDropped(s.dropped())
        .setSettleWindowMillis(s.settleWindowMillis())
        .build();
  }

  @Override
  public void createGroup(CreateGroupRequest request, StreamObserver<CreateGroupResponse> out) {
    reply(
        out,
        node::createGroup,
        id -> CreateGroupResponse.newBuilder().setGroupId(id.toHex()).build());
  }

  @Override
  public void invite(InviteRequest request, StreamObserver<MembershipChange> out) {
    reply(
        out,
        () -> {
          GroupId group = RequestIds.group(request.getGroupId());
          MemberId invitee = RequestIds.member(request.getMemberId());
          return request.getTimeoutSeconds() == 0
              ? node.invite(group, invitee)
              : node.invite(group, invitee, Duration.ofSeconds(request.getTimeoutSeconds()));
        },
        NodeControlService::change);
  }

  @Override
  public void remove(RemoveRequest request, StreamObserver<MembershipChange> out) {
    reply(
        out,
        () ->
            node.remove(
                RequestIds.group(request.getGroupId()), RequestIds.member(request.getMemberId())),
        NodeControlService::change);
  }

  private static MembershipChange change(org.mlsmesh.node.MembershipChange c) {
    return MembershipChange.newBuilder()
        .setGroupId(c.groupId().toHex())
        .setMemberId(c.member().toHex())
        .setByThisMember(c.byThisMember())
        .setRacesLost(c.racesLost())
        .build();
  }

  @Override
  public void leave(LeaveRequest request, StreamObserver<LeaveResponse> out) {
    reply(
        out,
        () -> node.leave(RequestIds.group(request.getGroupId())),
        done -> LeaveResponse.getDefaultInstance());
  }

  @Override
  public void update(UpdateRequest request, StreamObserver<UpdateResponse> out) {
    reply(
        out,
        () -> node.update(RequestIds.group(request.getGroupId())),
        done -> UpdateResponse.getDefaultInstance());
  }

  @Override
  public void send(SendRequest request, StreamObserver<SendResponse> out) {
    reply(
        out,
        () -> {
          GroupId group = RequestIds.group(request.getGroupId());
          if (request.getPayload().size() > MAX_PAYLOAD) {
            throw GrpcErrors.invalid(
                "payload",
                request.getPayload().size() + " bytes, more than " + MAX_PAYLOAD + " allowed");
          }
          return node.send(group, request.getPayload().toByteArray());
        },
        id -> SendResponse.newBuilder().setMessageId(id.toHex()).build());
  }

  @Override
  public void streamEvents(StreamEventsRequest request, StreamObserver<Event> out) {
    ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) out;
    EventStream stream = new EventStream(call, events.runId(), 1000);
    call.setOnCancelHandler(
        () -> {
          events.unsubscribe(stream);
          streams.remove(stream);
        });
    try {
      streams.removeIf(EventStream::isClosed);
      streams.add(stream);
      events.subscribe(request.getFromSeq(), request.getRunId(), stream);
    } catch (EventLog.ResumeRefused e) {
      streams.remove(stream);
      stream.close(
          (e.otherRun() ? Status.ABORTED : Status.OUT_OF_RANGE).withDescription(e.getMessage()));
    }
  }

  /** Ends every event stream: the node is stopping. */
  public void closeStreams() {
    for (EventStream stream : streams) {
      events.unsubscribe(stream);
      stream.close(Status.UNAVAILABLE.withDescription("the node is stopping"));
    }
    streams.clear();
  }

  private static <T> void answer(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  /** Starts the node's operation, answers with its mapped result or its failure as a status. */
  private static <V, T> void reply(
      StreamObserver<T> out, Supplier<CompletionStage<V>> operation, Function<V, T> mapping) {
    CompletionStage<V> stage;
    try {
      stage = operation.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (IllegalArgumentException | IllegalStateException e) {
      out.onError(GrpcErrors.of(e));
      return;
    }
    stage.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            out.onError(GrpcErrors.of(failure));
          } else {
            answer(out, mapping.apply(value));
          }
        });
  }
}
