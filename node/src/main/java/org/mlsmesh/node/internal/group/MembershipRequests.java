package org.mlsmesh.node.internal.group;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.RemovedFromGroupException;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The application's invitations and removals in one group, followed from the engine's effects to
 * tell how each came about ({@link MembershipChange}): which Commits of this member were made for
 * it, how many lost a race, whether one of them became final, and, for an invitation, whether the
 * invitee has joined: it acknowledged its Welcome (ours), spoke in the group, or published a beacon
 * of the epoch its Add made or a later one (whoever's Welcome it joined by).
 *
 * <p>A Commit is attributed to the request whose command made it, or, when made on a later input,
 * to the request whose Commit lost first among those being built again: the engine builds them
 * again in the order they lost, each Commit anew unless the winner already made the change (then it
 * completes the request instead). The engine completes a request when the change is in a final
 * epoch; a Commit of ours that became final for it means we made it, otherwise another member's
 * Commit did.
 */
final class MembershipRequests {
  private enum Kind {
    INVITE,
    REMOVE
  }

  private static final class Pending {
    final Kind kind;
    final Bytes member;
    final CompletableFuture<MembershipChange> result;
    final GroupActor.Progress progress;
    final Set<CommitId> commits = new LinkedHashSet<>();
    int racesLost;
    boolean ownFinal;
    boolean committed;
    boolean joined;
    boolean memberLeft;

    /** For an invitation whose Add is final: that epoch; a beacon from it on shows the join. */
    long finalEpoch = -1;

    Pending(
        Kind kind,
        Bytes member,
        CompletableFuture<MembershipChange> result,
        GroupActor.Progress progress) {
      this.kind = kind;
      this.member = member;
      this.result = result;
      this.progress = progress;
    }
  }

  private final GroupId groupId;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final Deque<Pending> rebuilding = new ArrayDeque<>();
  private long commandRequest = -1;

  MembershipRequests(Bytes groupId) {
    this.groupId = GroupId.of(groupId);
  }

  void invite(
      long request,
      Bytes invitee,
      CompletableFuture<MembershipChange> result,
      GroupActor.Progress progress) {
    pending.put(request, new Pending(Kind.INVITE, invitee, result, progress));
  }

  void remove(long request, Bytes member, CompletableFuture<MembershipChange> result) {
    pending.put(
        request,
        new Pending(
            Kind.REMOVE, member, result, new GroupActor.Progress("its Commit to be final")));
  }

  /** The effects that follow come from the command of {@code request} (-1: from anything else). */
  void feeding(long request) {
    commandRequest = request;
    pending.values().removeIf(p -> p.result.isDone()); // timed out
    rebuilding.removeIf(p -> p.result.isDone());
  }

  boolean isTracked(long request) {
    return pending.containsKey(request);
  }

  void commitCreated(CommitId commit) {
    Pending own = pending.get(commandRequest);
    if (own == null) {
      own = rebuilding.poll();
    }
    if (own == null) {
      own = pending.values().stream().filter(p -> p.commits.isEmpty()).findFirst().orElse(null);
    }
    if (own != null) {
      own.commits.add(commit);
    }
  }

  void commitLost(CommitId commit) {
    for (Pending p : pending.values()) {
      if (p.commits.remove(commit)) {
        p.racesLost++;
        rebuilding.remove(p);
        rebuilding.add(p);
      }
    }
  }

  void commitFinal(CommitId commit) {
    for (Pending p : pending.values()) {
      if (p.commits.contains(commit)) {
        p.ownFinal = true;
      }
    }
  }

  /** {@code member} acknowledged a Welcome of this group, or spoke in it: it has joined. */
  void heardFrom(Bytes member) {
    for (Pending p : List.copyOf(pending.values())) {
      if (p.kind == Kind.INVITE && p.member.equals(member)) {
        p.joined = true;
        if (p.committed) {
          finish(p);
        }
      }
    }
  }

  void memberJoined(Bytes member) {
    pending.values().stream()
        .filter(p -> p.kind == Kind.REMOVE && p.member.equals(member))
        .forEach(p -> p.memberLeft = false);
  }

  void memberLeft(Bytes member) {
    pending.values().stream()
        .filter(p -> p.kind == Kind.REMOVE && p.member.equals(member))
        .forEach(p -> p.memberLeft = true);
  }

  /**
   * The engine completed {@code request}: the change is in the final epoch {@code finalEpoch}. An
   * invitation then waits for its invitee to join, by this member's Welcome or another's.
   */
  void completed(long request, long finalEpoch) {
    Pending p = pending.get(request);
    p.committed = true;
    rebuilding.remove(p);
    if (p.kind == Kind.REMOVE || p.joined) {
      finish(p);
    } else {
      p.finalEpoch = finalEpoch;
      p.progress.now(
          p.ownFinal
              ? "the invitee to acknowledge its Welcome"
              : "the invitee to join by another member's Welcome");
    }
  }

  /**
   * Finishes the invitations whose invitee published a beacon ({@code beaconEpoch}: the epoch of
   * its newest) of the epoch its Add made or a later one: it has joined.
   */
  void beacons(Function<Bytes, OptionalLong> beaconEpoch) {
    for (Pending p : List.copyOf(pending.values())) {
      if (p.kind == Kind.INVITE && p.committed) {
        OptionalLong epoch = beaconEpoch.apply(p.member);
        if (epoch.isPresent() && epoch.getAsLong() >= p.finalEpoch) {
          finish(p);
        }
      }
    }
  }

  /**
   * The engine failed {@code request} for {@code reason}; {@code removed} when this member was
   * removed from the group by the same input.
   */
  void failed(long request, String reason, boolean removed) {
    Pending p = pending.remove(request);
    rebuilding.remove(p);
    p.result.completeExceptionally(
        removed ? removedException(p) : new IllegalStateException(failure(p, reason)));
  }

  /** This member is out of the group: the invitations still waiting for their invitee fail. */
  void stopped() {
    for (Pending p : pending.values()) {
      p.result.completeExceptionally(removedException(p));
    }
    pending.clear();
    rebuilding.clear();
  }

  private void finish(Pending p) {
    pending.values().remove(p);
    p.result.complete(
        new MembershipChange(groupId, MemberId.of(p.member), p.ownFinal, p.racesLost));
  }

  private String failure(Pending p, String reason) {
    String what = (p.kind == Kind.INVITE ? "the Add of " : "the Remove of ") + p.member.toHex();
    return what + ": " + reason + (p.racesLost > 0 ? " (" + races(p.racesLost) + " lost)" : "");
  }

  private RemovedFromGroupException removedException(Pending p) {
    String who = p.member.toHex();
    String message;
    if (p.kind == Kind.REMOVE) {
      message =
          "removed from group "
              + groupId
              + " before the removal of "
              + who
              + " was final"
              + (p.memberLeft ? "; " + who + " was out of it by then" : "");
    } else {
      message =
          "removed from group "
              + groupId
              + (p.committed
                  ? " after the Add of " + who + " was final, before it joined"
                  : " before the Add of " + who + " was final");
    }
    return new RemovedFromGroupException(groupId, message);
  }

  private static String races(int n) {
    return n == 1 ? "1 race" : n + " races";
  }
}
