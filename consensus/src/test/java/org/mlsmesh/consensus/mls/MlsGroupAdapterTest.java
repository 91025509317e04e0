package org.mlsmesh.consensus.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.Input;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.consensus.Staging;
import org.mlsmesh.consensus.Step;
import org.mlsmesh.consensus.TimerKey;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;

/**
 * The fork choice over real MLS groups: commit races converge, a rollback sees nothing of the
 * losing branch, erased states are destroyed, and the mesh header is checked.
 */
class MlsGroupAdapterTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(1_000).build();
  private static final Intent UPDATE = Intent.of(Bytes.of(new byte[] {1}));

  @Test
  void concurrentCommitsConvergeInEveryArrivalOrder() throws Exception {
    MlsTestGroup group = new MlsTestGroup(4, 7, true);
    List<ForkChoice<GroupState>> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(group.forkChoice(i, CONFIG));
    }
    LocalCommit a = group.adapters.get(1).commit(members.get(1).head(), CommitOptions.defaults());
    LocalCommit b = group.adapters.get(2).commit(members.get(2).head(), CommitOptions.defaults());
    long t = MlsTestGroup.NOW;
    List<Effect> effects1 = own(members.get(1), a, t).effects();
    own(members.get(2), b, t);
    effects1 = concat(effects1, received(members.get(1), b, t + 1).effects());
    List<Effect> effects2 = received(members.get(2), a, t + 1).effects();
    received(members.get(0), a, t + 2);
    received(members.get(0), b, t + 3);
    received(members.get(3), b, t + 2);
    received(members.get(3), a, t + 3);
    for (ForkChoice<GroupState> fc : members) {
      fc.onInput(new Input.TimerFired(TimerKey.SETTLE), t + 5_000);
    }
    GroupState first = members.get(0).head();
    for (ForkChoice<GroupState> fc : members) {
      assertThat(fc.headEpoch()).isEqualTo(members.get(0).headEpoch());
      assertThat(fc.finalEpoch()).isEqualTo(fc.headEpoch());
      assertThat(fc.head().epochAuthenticator()).isEqualTo(first.epochAuthenticator());
      assertThat(fc.head().currentEpoch()).isEqualTo(first.currentEpoch());
    }
    // Exactly one of the two committers is told to rebuild: the loser.
    boolean firstRebuilds = effects1.stream().anyMatch(e -> e instanceof Effect.RebuildCommit);
    boolean secondRebuilds = effects2.stream().anyMatch(e -> e instanceof Effect.RebuildCommit);
    assertThat(firstRebuilds ^ secondRebuilds).isTrue();
    assertThat(group.adapters.get(1).ownPending()).isZero();
  }

  @Test
  void rollbackSeesNoRatchetStepOfTheLosingBranchAndErasesIt() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 11, false);
    ForkChoice<GroupState> observer = group.forkChoice(2, CONFIG);
    EpochId genesis = observer.headEpoch();
    // Member 0 created the genesis epoch, so it ranks last there: its Commit loses to member 1's.
    ForkChoice<GroupState> m0 = group.forkChoice(0, CONFIG);
    ForkChoice<GroupState> m1 = group.forkChoice(1, CONFIG);
    LocalCommit loser = group.adapters.get(0).commit(m0.head(), CommitOptions.defaults());
    LocalCommit winner = group.adapters.get(1).commit(m1.head(), CommitOptions.defaults());
    Bytes message =
        group
            .adapters
            .get(0)
            .encrypt(
                m0.head(),
                new AppContent(
                    AppMessageId.of(Bytes.of(new byte[] {9})), Bytes.of(new byte[] {42})));
    MlsMessage decoded = MlsTestGroup.decode(message);
    long t = MlsTestGroup.NOW;

    received(observer, loser, t);
    GroupState losingState = observer.head();
    GroupState snapshot = observer.state(genesis).orElseThrow();
    // A late message of the parent epoch, decrypted on the losing branch: a ratchet step there.
    assertThat(losingState.process(decoded, t)).isInstanceOf(Processed.Application.class);

    Step<GroupState> step = received(observer, winner, t + 10);
    assertThat(step.effects()).anyMatch(e -> e instanceof Effect.RolledBack);
    GroupState winningState = observer.head();
    assertThat(winningState).isNotSameAs(losingState);
    // The winning branch never took that step: the same generation still decrypts there, and in
    // the snapshot.
    assertThat(winningState.process(decoded, t)).isInstanceOf(Processed.Application.class);
    assertThat(snapshot.process(decoded, t)).isInstanceOf(Processed.Application.class);
    assertThat(losingState.isDestroyed()).isFalse();

    observer.onInput(new Input.TimerFired(TimerKey.SETTLE), t + 2_000);
    assertThat(observer.finalEpoch()).isEqualTo(observer.headEpoch());
    assertThat(losingState.isDestroyed()).isTrue();
    assertThat(snapshot.isDestroyed()).isTrue();
    assertThat(winningState.isDestroyed()).isFalse();
    assertThatThrownBy(() -> losingState.exporter("x", Bytes.EMPTY, 32))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anOwnCommitNoLongerHeldAfterARestartIsDroppedNotRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 17, true);
    ForkChoice<GroupState> m0 = group.forkChoice(0, CONFIG);
    LocalCommit mine = group.adapters.get(0).commit(m0.head(), CommitOptions.defaults());
    // The member restarted: a new adapter does not hold the Commit it built, and MLS does not let
    // a member process its own Commit (RFC 9420 §12.4.2). It lost before the restart.
    MlsGroupAdapter restarted = new MlsGroupAdapter(MlsTestGroup.SUITE, () -> group.now);
    assertThat(restarted.stage(m0.head(), mine.wire())).isInstanceOf(Staging.Own.class);
    ForkChoice<GroupState> after =
        ForkChoice.create(restarted, CONFIG, m0.head(), Optional.of(m0.head().ownLeaf()));
    Step<GroupState> step = received(after, mine, MlsTestGroup.NOW);
    assertThat(step.effects())
        .contains(new Effect.CommitDropped(mine.commit(), Effect.DropReason.OWN_BEFORE_RESTART))
        .noneMatch(e -> e instanceof Effect.CommitApplied || e instanceof Effect.CommitRejected);
    group.adapters.get(0).discardOwn(mine.commit());
  }

  @Test
  void ownCommitThatLosesIsErasedAndHandedBack() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 13, true);
    ForkChoice<GroupState> m0 = group.forkChoice(0, CONFIG);
    ForkChoice<GroupState> m1 = group.forkChoice(1, CONFIG);
    LocalCommit mine = group.adapters.get(0).commit(m0.head(), CommitOptions.defaults());
    LocalCommit theirs = group.adapters.get(1).commit(m1.head(), CommitOptions.defaults());
    long t = MlsTestGroup.NOW;
    own(m0, mine, t);
    GroupState mineApplied = m0.head();
    Step<GroupState> step = received(m0, theirs, t + 1);
    assertThat(step.effects())
        .anyMatch(e -> e instanceof Effect.RebuildCommit r && r.lost().equals(mine.commit()));
    m0.onInput(new Input.TimerFired(TimerKey.SETTLE), t + 2_000);
    assertThat(mineApplied.isDestroyed()).isTrue();
    assertThat(m0.head().epochAuthenticator())
        .isEqualTo(received(m1, theirs, t).next().head().epochAuthenticator());
  }

  @Test
  @CoversMesh(MeshCode.PARENT_EPOCH_MISMATCH)
  void commitNamingAnotherParentIsRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 17, true);
    ForkChoice<GroupState> observer = group.forkChoice(2, CONFIG);
    EpochId other = EpochId.of(Bytes.of(new byte[32]));
    MlsMessage commit =
        group
            .genesis
            .get(1)
            .copy()
            .commit(
                CommitOptions.defaults().withAuthenticatedData(new MeshHeader(other).encode()),
                MlsTestGroup.NOW)
            .commit();
    assertRejected(observer, group, commit.encoded(), MeshCode.PARENT_EPOCH_MISMATCH.name());
    // And an application message opened in a state of another epoch.
    Bytes app =
        group
            .adapters
            .get(0)
            .encrypt(
                group.genesis.get(0),
                new AppContent(AppMessageId.of(Bytes.of(new byte[] {1})), Bytes.EMPTY));
    GroupState nextEpoch =
        group
            .genesis
            .get(1)
            .copy()
            .commit(CommitOptions.defaults(), MlsTestGroup.NOW)
            .staged()
            .merge();
    assertThatThrownBy(() -> group.adapters.get(1).open(nextEpoch, app))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("PARENT_EPOCH_MISMATCH");
  }

  @Test
  @CoversMesh(MeshCode.AUTHENTICATED_DATA_MALFORMED)
  void commitWithoutMeshHeaderIsRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 19, false);
    ForkChoice<GroupState> observer = group.forkChoice(2, CONFIG);
    MlsMessage commit =
        group.genesis.get(1).copy().commit(CommitOptions.defaults(), MlsTestGroup.NOW).commit();
    assertRejected(observer, group, commit.encoded(), MeshCode.AUTHENTICATED_DATA_MALFORMED.name());
  }

  @Test
  @CoversMesh(MeshCode.NOT_A_COMMIT)
  void applicationMessageOfferedAsCommitIsRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 23, true);
    ForkChoice<GroupState> observer = group.forkChoice(2, CONFIG);
    Bytes app =
        group
            .adapters
            .get(0)
            .encrypt(
                group.genesis.get(0).copy(),
                new AppContent(AppMessageId.of(Bytes.of(new byte[] {1})), Bytes.EMPTY));
    assertRejected(observer, group, app, MeshCode.NOT_A_COMMIT.name());
  }

  @Test
  void applicationMessageOpensInTheEpochItsHeaderNames() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 29, true);
    AppContent content =
        new AppContent(AppMessageId.of(Bytes.of(new byte[] {7, 7})), Bytes.of(new byte[] {1, 2}));
    Bytes wire = group.adapters.get(0).encrypt(group.genesis.get(0), content);
    assertThat(MlsGroupAdapter.header(wire).epoch())
        .isEqualTo(group.adapters.get(1).epochId(group.genesis.get(1)));
    ReceivedApplication received = group.adapters.get(1).open(group.genesis.get(1), wire);
    assertThat(received.content()).isEqualTo(content);
    assertThat(received.sender()).isEqualTo(group.genesis.get(0).ownLeaf());
  }

  @Test
  void aBundleOfMessagesSentAgainOpensAsAllOfThem() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 29, true);
    List<AppContent> bundle =
        List.of(
            new AppContent(AppMessageId.of(Bytes.of(new byte[] {1})), Bytes.of(new byte[] {10})),
            new AppContent(AppMessageId.of(Bytes.of(new byte[] {2})), Bytes.EMPTY),
            new AppContent(AppMessageId.of(Bytes.of(new byte[] {3})), Bytes.of(new byte[] {30})));
    Bytes wire = group.adapters.get(0).encrypt(group.genesis.get(0), bundle);

    ReceivedApplication received = group.adapters.get(1).open(group.genesis.get(1), wire);

    assertThat(received.contents()).isEqualTo(bundle);
  }

  private static void assertRejected(
      ForkChoice<GroupState> observer, MlsTestGroup group, Bytes wire, String code) {
    CommitId id = group.adapters.get(2).commitId(wire);
    Step<GroupState> step =
        observer.onInput(
            new Input.CommitReceived(id, observer.headEpoch(), wire), MlsTestGroup.NOW);
    assertThat(step.effects())
        .anySatisfy(
            e -> {
              assertThat(e).isInstanceOf(Effect.CommitRejected.class);
              assertThat(((Effect.CommitRejected) e).code()).isEqualTo(code);
            });
    assertThat(observer.headEpochNumber()).isEqualTo(group.genesis.get(2).currentEpoch());
  }

  static Step<GroupState> own(ForkChoice<GroupState> fc, LocalCommit c, long t) {
    return fc.onInput(
        new Input.LocalCommitCreated(c.commit(), c.parent(), c.wire(), UPDATE, c.welcome(), 0), t);
  }

  static Step<GroupState> received(ForkChoice<GroupState> fc, LocalCommit c, long t) {
    return fc.onInput(new Input.CommitReceived(c.commit(), c.parent(), c.wire()), t);
  }

  private static List<Effect> concat(List<Effect> a, List<Effect> b) {
    List<Effect> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
