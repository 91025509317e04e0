package org.mlsmesh.node.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.consensus.group.GroupEffect;
import org.mlsmesh.consensus.group.GroupEvent;
import org.mlsmesh.protocol.codec.Bytes;

/** What each of a group engine's effects does to the node's meters. */
class GroupMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GroupMeters meters = GroupMeters.of(NodeMetrics.of(registry, "n1"));

  @Test
  void aCommitIsTimedFromItsCreationToItsEpochBeingFinal() {
    meters.observe(created(commit(1)), 1_000);
    meters.observe(created(commit(2)), 1_100);
    meters.observe(observed(new Effect.RebuildCommit(commit(2), intent(), epoch(1), 1)), 1_200);
    meters.observe(observed(final_(commit(1))), 1_250);
    meters.observe(observed(final_(commit(2))), 1_300); // lost: not timed, still an epoch
    meters.observe(observed(final_(commit(3))), 1_400); // another member's: not timed

    Timer timer = registry.get("mlsmesh.group.commit.final").tag("node", "n1").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(count("mlsmesh.group.epochs")).isEqualTo(3);
    assertThat(resends("commit")).isEqualTo(1);
  }

  @Test
  void racesRollbacksResendsDeliveriesAndDelays() {
    meters.observe(
        observed(new Effect.RolledBack(epoch(2), epoch(1), List.of(commit(1), commit(2)))), 0);
    meters.observe(observed(new Effect.CommitOutranked(commit(3), commit(4))), 0);
    meters.observe(
        observed(new Effect.ResendApplication(appId(), Bytes.of(new byte[] {1}), epoch(1), 1)), 0);
    meters.observe(observed(new Effect.ResendProposal(intent(), epoch(1), 2)), 0);
    meters.observe(
        new GroupEffect.Notify(
            new GroupEvent.MessageReceived(
                Bytes.of(new byte[] {1}), appId().value(), Bytes.of(new byte[] {2}))),
        0);
    meters.observe(new GroupEffect.DeliveryDelay(40), 0);
    meters.observe(new GroupEffect.Refused("garbage"), 0);

    assertThat(count("mlsmesh.group.rollbacks")).isEqualTo(1);
    assertThat(count("mlsmesh.group.forks"))
        .as("the rolled back race and the outranked one")
        .isEqualTo(2);
    assertThat(resends("application")).isEqualTo(1);
    assertThat(resends("proposal")).isEqualTo(1);
    assertThat(resends("commit")).isZero();
    assertThat(count("mlsmesh.group.deliveries")).isEqualTo(1);
    assertThat(count("mlsmesh.group.refused")).isEqualTo(1);
    Timer delay = registry.get("mlsmesh.group.delivery.delay").timer();
    assertThat(delay.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
  }

  @Test
  void withoutARegistryNothingIsRegisteredOrRecorded() {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      NodeMetrics none = NodeMetrics.none();
      GroupMeters silent = GroupMeters.of(none);
      silent.observe(created(commit(1)), 0);
      silent.observe(observed(final_(commit(1))), 10);
      none.frameIn(100);
      none.storageTransaction().record(1, TimeUnit.MILLISECONDS);
      assertThat(none.enabled()).isFalse();
      assertThat(none.storageTransaction().count()).isZero();
      assertThat(global.getMeters()).extracting(Meter::getId).isEmpty();
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  private double count(String name) {
    return registry.get(name).tag("node", "n1").counter().count();
  }

  private double resends(String kind) {
    return registry.get("mlsmesh.group.resends").tag("kind", kind).counter().count();
  }

  private static GroupEffect created(CommitId commit) {
    return new GroupEffect.Notify(new GroupEvent.CommitCreated(commit, epoch(0), Optional.empty()));
  }

  private static GroupEffect observed(Effect effect) {
    return new GroupEffect.Observed(effect);
  }

  private static Effect final_(CommitId commit) {
    return new Effect.EpochFinal(commit, epoch(9), 9);
  }

  private static CommitId commit(int n) {
    return CommitId.of(Bytes.of(new byte[] {(byte) n}));
  }

  private static EpochId epoch(int n) {
    return EpochId.of(Bytes.of(new byte[] {(byte) n}));
  }

  private static Intent intent() {
    return Intent.of(Bytes.of(new byte[] {7}));
  }

  private static AppMessageId appId() {
    return AppMessageId.of(Bytes.of(new byte[] {5}));
  }
}
