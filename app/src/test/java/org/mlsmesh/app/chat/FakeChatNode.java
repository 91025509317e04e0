package org.mlsmesh.app.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A node for chat tests: groups and members in memory; each call is recorded; {@link #failNext}
 * makes the next call fail and {@link #hangNext} leaves it unanswered.
 */
final class FakeChatNode implements ChatNode {
  static final MemberId SELF = MemberId.fromHex("5e1f".repeat(16));

  final List<String> calls = new CopyOnWriteArrayList<>();
  final Map<GroupId, List<MemberId>> groups = new ConcurrentHashMap<>();
  final List<GroupId> order = new CopyOnWriteArrayList<>();
  final Map<GroupId, List<String>> sent = new ConcurrentHashMap<>();

  /** Told what the real node tells its listeners before answering: the creator joined. */
  volatile java.util.function.Consumer<org.mlsmesh.node.MlsNodeEvent> listener = e -> {};

  private Throwable failure;
  private boolean hang;
  private int created;
  private boolean byThisMember = true;
  private int racesLost;

  void failNext(Throwable e) {
    failure = e;
  }

  /** The next invite or remove came about so: by whom, after how many lost races. */
  void nextChange(boolean byThisMember, int racesLost) {
    this.byThisMember = byThisMember;
    this.racesLost = racesLost;
  }

  private MembershipChange change(GroupId group, MemberId member) {
    MembershipChange change = new MembershipChange(group, member, byThisMember, racesLost);
    byThisMember = true;
    racesLost = 0;
    return change;
  }

  void hangNext() {
    hang = true;
  }

  /** Adds a group this node was invited into. */
  GroupId joined(int n, MemberId... members) {
    GroupId id = GroupId.fromHex(String.format("%064x", 1000 + n));
    groups.put(id, new ArrayList<>(List.of(members)));
    order.add(id);
    return id;
  }

  private <T> CompletionStage<T> answer(String call, java.util.function.Supplier<T> value) {
    calls.add(call);
    if (hang) {
      hang = false;
      return new CompletableFuture<>();
    }
    if (failure != null) {
      Throwable e = failure;
      failure = null;
      return CompletableFuture.failedFuture(e);
    }
    try {
      return CompletableFuture.completedFuture(value.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<MemberId> group(GroupId id) {
    List<MemberId> members = groups.get(id);
    if (members == null) {
      throw new IllegalArgumentException("not a member of group " + id.toHex());
    }
    return members;
  }

  @Override
  public MemberId identity() {
    return SELF;
  }

  @Override
  public CompletionStage<GroupId> createGroup() {
    return answer(
        "create",
        () -> {
          GroupId id = GroupId.fromHex(String.format("%064x", ++created));
          groups.put(id, new ArrayList<>(List.of(SELF)));
          order.add(id);
          listener.accept(new org.mlsmesh.node.MlsNodeEvent.MemberJoined(id, SELF));
          return id;
        });
  }

  @Override
  public CompletionStage<MembershipChange> invite(
      GroupId groupId, MemberId identity, java.time.Duration timeout) {
    return answer(
        "invite " + identity.toHex(),
        () -> {
          group(groupId).add(identity);
          return change(groupId, identity);
        });
  }

  @Override
  public CompletionStage<MembershipChange> remove(GroupId groupId, MemberId identity) {
    return answer(
        "remove " + identity.toHex(),
        () -> {
          group(groupId).remove(identity);
          return change(groupId, identity);
        });
  }

  @Override
  public CompletionStage<Void> leave(GroupId groupId) {
    return answer(
        "leave",
        () -> {
          group(groupId);
          groups.remove(groupId);
          order.remove(groupId);
          return null;
        });
  }

  @Override
  public CompletionStage<MessageId> send(GroupId groupId, byte[] payload) {
    return answer(
        "send",
        () -> {
          group(groupId);
          sent.computeIfAbsent(groupId, g -> new CopyOnWriteArrayList<>())
              .add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
          return MessageId.fromHex("00");
        });
  }

  @Override
  public CompletionStage<List<GroupId>> groups() {
    return answer("groups", () -> List.copyOf(order));
  }

  @Override
  public CompletionStage<GroupStatus> status(GroupId groupId) {
    return answer(
        "status",
        () ->
            new GroupStatus(
                groupId,
                group(groupId).size() - 1,
                group(groupId).size() - 1,
                Bytes.fromHex("ea".repeat(32)),
                group(groupId),
                0,
                0,
                1_000));
  }
}
