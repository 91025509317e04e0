package org.mlsmesh.node.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.RemovedFromGroupException;
import org.mlsmesh.protocol.codec.Bytes;

/** How an invitation or removal came about, followed from the engine's effects alone. */
class MembershipRequestsTest {
  private static final Bytes GROUP = Bytes.fromHex("0102");
  private static final Bytes BOB = Bytes.fromHex("b0".repeat(32));
  private static final Bytes CAROL = Bytes.fromHex("ca".repeat(32));

  private final MembershipRequests requests = new MembershipRequests(GROUP);

  private static CommitId commit(int n) {
    return CommitId.of(Bytes.of(new byte[] {(byte) n}));
  }

  private CompletableFuture<MembershipChange> invite(
      long request, Bytes who, GroupActor.Progress p) {
    CompletableFuture<MembershipChange> result = new CompletableFuture<>();
    requests.invite(request, who, result, p);
    return result;
  }

  /** The command of {@code request} made {@code commit}; the next effects come from elsewhere. */
  private void commandMadeCommit(long request, CommitId commit) {
    requests.feeding(request);
    requests.commitCreated(commit);
    requests.feeding(-1);
  }

  private static MembershipChange change(Bytes who, boolean byThisMember, int racesLost) {
    return new MembershipChange(GroupId.of(GROUP), MemberId.of(who), byThisMember, racesLost);
  }

  @Test
  void anInvitationCompletesWhenTheInviteeJoinedNotWhenItsCommitIsFinal() throws Exception {
    GroupActor.Progress progress = new GroupActor.Progress("the Commit of its Add to be final");
    CompletableFuture<MembershipChange> invited = invite(1, BOB, progress);
    commandMadeCommit(1, commit(1));
    requests.commitFinal(commit(1));
    requests.completed(1, 1);
    assertThat(invited).isNotDone();
    assertThat(progress).hasToString("the invitee to acknowledge its Welcome");
    requests.heardFrom(CAROL);
    assertThat(invited).isNotDone();
    requests.heardFrom(BOB);
    assertThat(invited.get()).isEqualTo(change(BOB, true, 0));
  }

  @Test
  void aLostAddBuiltAgainCountsItsRacesAndOneDoneByAnotherMemberSaysSo() throws Exception {
    CompletableFuture<MembershipChange> bob = invite(1, BOB, new GroupActor.Progress("-"));
    CompletableFuture<MembershipChange> carol = invite(2, CAROL, new GroupActor.Progress("-"));
    requests.feeding(1);
    requests.commitCreated(commit(1));
    requests.feeding(2);
    requests.commitCreated(commit(2));
    // Both lose one race; Bob's intent is built again first, Carol's was done by the winner.
    requests.feeding(-1);
    requests.commitLost(commit(1));
    requests.commitLost(commit(2));
    requests.feeding(-1);
    requests.commitCreated(commit(3)); // Bob's Add, again
    requests.completed(2, 3); // the winner had added Carol, in epoch 3
    assertThat(carol).isNotDone(); // Carol joins by the winner's Welcome: not yet
    requests.commitFinal(commit(3));
    requests.completed(1, 4);
    requests.heardFrom(BOB);
    assertThat(bob.get()).isEqualTo(change(BOB, true, 1));
    assertThat(carol).isNotDone();
    requests.heardFrom(CAROL);
    assertThat(carol.get()).isEqualTo(change(CAROL, false, 1));
  }

  @Test
  void anInviteeAddedByAnotherMembersCommitHasJoinedWhenItsBeaconShowsItsEpoch() throws Exception {
    GroupActor.Progress progress = new GroupActor.Progress("the Commit of its Add to be final");
    CompletableFuture<MembershipChange> invited = invite(1, BOB, progress);
    commandMadeCommit(1, commit(1));
    requests.commitLost(commit(1));
    Map<Bytes, Long> beacons = new HashMap<>();
    Function<Bytes, OptionalLong> beaconEpoch =
        id -> beacons.containsKey(id) ? OptionalLong.of(beacons.get(id)) : OptionalLong.empty();
    beacons.put(BOB, 4L); // a beacon of Bob's from an earlier membership
    requests.beacons(beaconEpoch);
    assertThat(invited).as("not final yet").isNotDone();

    requests.completed(1, 6); // the winner added Bob, in epoch 6
    assertThat(progress).hasToString("the invitee to join by another member's Welcome");
    requests.beacons(beaconEpoch);
    beacons.put(CAROL, 6L);
    requests.beacons(beaconEpoch);
    assertThat(invited).isNotDone();
    beacons.put(BOB, 6L);
    requests.beacons(beaconEpoch);
    assertThat(invited.get()).isEqualTo(change(BOB, false, 1));
  }

  @Test
  void aRemoveOvertakenByThisMembersOwnRemovalSaysWhetherTheMemberWasOutByThen() {
    CompletableFuture<MembershipChange> removal = new CompletableFuture<>();
    requests.remove(1, BOB, removal);
    commandMadeCommit(1, commit(1));
    requests.memberLeft(BOB);
    requests.failed(1, "removed from the group", true);
    assertThat(removal)
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(RemovedFromGroupException.class)
        .withMessageContaining("before the removal of " + BOB.toHex() + " was final")
        .withMessageEndingWith(BOB.toHex() + " was out of it by then");
  }

  @Test
  void aRemoveMadeByAnotherMembersCommitSaysSo() throws Exception {
    CompletableFuture<MembershipChange> removal = new CompletableFuture<>();
    requests.remove(1, BOB, removal);
    commandMadeCommit(1, commit(1));
    requests.commitLost(commit(1));
    requests.completed(1, 2);
    assertThat(removal.get()).isEqualTo(change(BOB, false, 1));
  }
}
