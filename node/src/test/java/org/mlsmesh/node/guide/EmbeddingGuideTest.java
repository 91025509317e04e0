package org.mlsmesh.node.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MlsNode;
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
    assertThat(EmbeddingSample.run(dir)).isEqualTo("hello, Bob");
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
}
