package org.mlsmesh.app.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A node for chat tests: groups and members in memory; each call is recorded; {@link #failNext}
 * makes the next call fail and {@link #hangNext} leaves it unanswered.
 */
final class FakeChatNode implements ChatNode {
  static final Bytes SELF = Bytes.fromHex("5e1f".repeat(16));

  final List<String> calls = new CopyOnWriteArrayList<>();
  final Map<Bytes, List<Bytes>> groups = new ConcurrentHashMap<>();
  final List<Bytes> order = new CopyOnWriteArrayList<>();
  final Map<Bytes, List<String>> sent = new ConcurrentHashMap<>();

  /** Told what the real node tells its listeners before answering: the creator joined. */
  volatile java.util.function.Consumer<org.mlsmesh.node.MlsNodeEvent> listener = e -> {};

  private RuntimeException failure;
  private boolean hang;
  private int created;

  void failNext(RuntimeException e) {
    failure = e;
  }

  void hangNext() {
    hang = true;
  }

  /** Adds a group this node was invited into. */
  Bytes joined(int n, Bytes... members) {
    Bytes id = Bytes.fromHex(String.format("%064x", 1000 + n));
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
      RuntimeException e = failure;
      failure = null;
      return CompletableFuture.failedFuture(e);
    }
    try {
      return CompletableFuture.completedFuture(value.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<Bytes> group(Bytes id) {
    List<Bytes> members = groups.get(id);
    if (members == null) {
      throw new IllegalArgumentException("not a member of group " + id.toHex());
    }
    return members;
  }

  @Override
  public Bytes identity() {
    return SELF;
  }

  @Override
  public CompletionStage<Bytes> createGroup() {
    return answer(
        "create",
        () -> {
          Bytes id = Bytes.fromHex(String.format("%064x", ++created));
          groups.put(id, new ArrayList<>(List.of(SELF)));
          order.add(id);
          listener.accept(new org.mlsmesh.node.MlsNodeEvent.MemberJoined(id, SELF));
          return id;
        });
  }

  @Override
  public CompletionStage<Void> invite(Bytes groupId, Bytes identity) {
    return answer(
        "invite " + identity.toHex(),
        () -> {
          group(groupId).add(identity);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> remove(Bytes groupId, Bytes identity) {
    return answer(
        "remove " + identity.toHex(),
        () -> {
          group(groupId).remove(identity);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> leave(Bytes groupId) {
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
  public CompletionStage<Bytes> send(Bytes groupId, byte[] payload) {
    return answer(
        "send",
        () -> {
          group(groupId);
          sent.computeIfAbsent(groupId, g -> new CopyOnWriteArrayList<>())
              .add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
          return Bytes.fromHex("00");
        });
  }

  @Override
  public CompletionStage<List<Bytes>> groups() {
    return answer("groups", () -> List.copyOf(order));
  }

  @Override
  public CompletionStage<GroupStatus> status(Bytes groupId) {
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
