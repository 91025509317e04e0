package org.mlsmesh.node.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.NodeStatus;
import org.mlsmesh.node.RemovedFromGroupException;

/**
 * The samples of {@code docs/embedding.md}, run: {@link EmbeddingSample} whole, then the regions
 * below on two nodes of its kind. {@link GuideSamplesTest} checks that the guide shows exactly
 * these regions and the sample.
 */
@Timeout(120)
class EmbeddingGuideTest {

  @Test
  void theSampleRunsAsShown(@TempDir Path dir) throws Exception {
    // Without a registry of its own a node records nothing, not even in Micrometer's global one.
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      assertThat(EmbeddingSample.run(dir)).isEqualTo("hello, Bob");
      assertThat(global.getMeters()).isEmpty();
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  @Test
  void anInvitationTellsHowItCameAboutAndTheNodeItsHealth(@TempDir Path dir) throws Exception {
    try (MlsNode alice = MlsNode.start(EmbeddingSample.config(dir.resolve("alice"), List.of()));
        MlsNode bob =
            MlsNode.start(
                EmbeddingSample.config(dir.resolve("bob"), List.of(alice.pinnedAddress())))) {
      GroupId group = alice.createGroup().toCompletableFuture().get();
      GroupId first = alice.createGroup().toCompletableFuture().get();
      EmbeddingSample.invite(alice, first, bob.identity()); // once the directory has Bob's
      MemberId invitee = bob.identity();
      String said;
      // tag::invite-outcome[]
      try {
        MembershipChange change =
            alice.invite(group, invitee, Duration.ofSeconds(60)).toCompletableFuture().get();
        said =
            change.byThisMember()
                ? invitee + " joined by our Welcome, after " + change.racesLost() + " lost races"
                : invitee + " was added by another member's Commit first";
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TimeoutException t) {
          said = t.getMessage(); // names the step: the KeyPackage, the Commit, the Welcome
        } else if (e.getCause() instanceof RemovedFromGroupException r) {
          said = "we are out of group " + r.groupId();
        } else {
          said = "cannot invite: " + e.getCause().getMessage(); // no KeyPackage, every race lost
        }
      }
      // end::invite-outcome[]
      assertThat(said).isEqualTo(invitee + " joined by our Welcome, after 0 lost races");
      assertThat(bob.groups().toCompletableFuture().get()).contains(group);
      alice.send(group, "again".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get();

      // tag::status[]
      NodeStatus health = alice.status().toCompletableFuture().get();
      boolean underAttack = health.invalidFrames() + health.rejectedMessages() > 0;
      // end::status[]
      assertThat(health.peersLinked()).isEqualTo(1);
      assertThat(underAttack).isFalse();
      assertThat(health.retainedMessages()).isPositive();
      assertThat(alice.members(group).toCompletableFuture().get())
          .containsExactly(alice.identity(), bob.identity());
    }
  }

  @Test
  void theNodesMetersMoveWithWhatTheyDo(@TempDir Path dir) throws Exception {
    MlsMeshConfig config = EmbeddingSample.config(dir.resolve("alice"), List.of());
    // tag::metrics[]
    MeterRegistry registry = new SimpleMeterRegistry(); // or the application's own registry
    MlsNode alice = MlsNode.builder(config).meterRegistry(registry).start();
    // end::metrics[]
    MlsMeshConfig bobConfig =
        EmbeddingSample.config(dir.resolve("bob"), List.of(alice.pinnedAddress()));
    try (alice;
        MlsNode bob = MlsNode.builder(bobConfig).meterRegistry(registry).start()) {
      CompletableFuture<MlsNodeEvent.MessageReceived> received = new CompletableFuture<>();
      bob.addListener(
          e -> {
            if (e instanceof MlsNodeEvent.MessageReceived m) {
              received.complete(m);
            }
          });
      GroupId group = alice.createGroup().toCompletableFuture().get();
      EmbeddingSample.invite(alice, group, bob.identity()); // completes after its Commit is final
      alice.send(group, "metered".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get();
      received.get(30, TimeUnit.SECONDS);

      // tag::metrics-read[]
      String node = alice.identity().toHex(); // every meter is tagged with its node's id
      double framesOut =
          registry.get("mlsmesh.gossip.frames.out").tag("node", node).counter().count();
      Timer commits = registry.get("mlsmesh.group.commit.final").tag("node", node).timer();
      double commitMillis = commits.mean(TimeUnit.MILLISECONDS); // a Commit's time to final
      // end::metrics-read[]
      assertThat(framesOut).isPositive();
      assertThat(commits.count()).as("the Add of Bob").isEqualTo(1);
      assertThat(commitMillis).isPositive();
      String bobs = bob.identity().toHex();
      for (String n : List.of(node, bobs)) {
        assertThat(count(registry, "mlsmesh.gossip.frames.in", n)).as(n).isPositive();
        assertThat(count(registry, "mlsmesh.gossip.bytes.in", n)).as(n).isPositive();
        assertThat(count(registry, "mlsmesh.gossip.bytes.out", n)).as(n).isPositive();
        assertThat(count(registry, "mlsmesh.gossip.frames.invalid", n)).as(n).isZero();
        assertThat(count(registry, "mlsmesh.gossip.bans", n)).as(n).isZero();
        assertThat(meter(registry, "mlsmesh.gossip.links", n).gauge().value()).as(n).isEqualTo(1);
        assertThat(meter(registry, "mlsmesh.groups", n).gauge().value()).as(n).isEqualTo(1);
        assertThat(meter(registry, "mlsmesh.storage.transaction", n).timer().count())
            .as(n)
            .isPositive();
      }
      assertThat(count(registry, "mlsmesh.group.epochs", node)).as("Alice's Add").isEqualTo(1);
      assertThat(count(registry, "mlsmesh.group.deliveries", bobs)).isEqualTo(1);
      assertThat(count(registry, "mlsmesh.group.deliveries", node)).isZero();
      assertThat(meter(registry, "mlsmesh.group.delivery.delay", bobs).timer().count())
          .isEqualTo(1);
      assertThat(count(registry, "mlsmesh.group.forks", node)).isZero();
      assertThat(registry.get("mlsmesh.group.resends").counters()).hasSize(6);
    }
  }

  private static RequiredSearch meter(MeterRegistry registry, String name, String node) {
    return registry.get(name).tag("node", node);
  }

  private static double count(MeterRegistry registry, String name, String node) {
    return meter(registry, name, node).counter().count();
  }
}
