package org.mlsmesh.node.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.config.ConfigBuilder;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.NodeStatus;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.protocol.crypto.CipherSuite;

/**
 * The samples of {@code docs/embedding.md}, run: two nodes on 127.0.0.1, a group, an invitation
 * through the directory and a message. {@link GuideSamplesTest} checks that the guide shows exactly
 * these regions.
 */
@Timeout(120)
class EmbeddingGuideTest {

  private static MlsMeshConfig config(Path dir, List<String> seeds) throws Exception {
    // tag::config[]
    Path identity = dir.resolve("identity.key");
    IdentityFile.createIfMissing(
        identity, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    MlsMeshConfig config =
        ConfigBuilder.create()
            .identityFile(identity)
            .listen("127.0.0.1", 0)
            .sqliteStorage(dir.resolve("node.db"))
            .seeds(seeds)
            .build();
    // end::config[]
    return config;
  }

  @Test
  void twoNodesFormAGroupAndTalk(@TempDir Path dir) throws Exception {
    MlsMeshConfig aliceConfig = config(dir.resolve("alice"), List.of());
    // tag::start[]
    MlsNode alice = MlsNode.start(aliceConfig);
    // end::start[]
    MlsNode bob = null;
    try {
      bob = MlsNode.start(config(dir.resolve("bob"), List.of(alice.pinnedAddress())));
      BlockingQueue<String> bobReceived = new LinkedBlockingQueue<>();
      MlsNode listening = bob;
      // tag::listen[]
      listening.addListener(
          event -> {
            if (event instanceof MlsNodeEvent.MessageReceived m) {
              bobReceived.add(new String(m.payload().toByteArray(), StandardCharsets.UTF_8));
            }
          });
      // end::listen[]
      // tag::invite[]
      GroupId group = alice.createGroup().toCompletableFuture().get();
      // Right after start the directory may not have heard of Bob's KeyPackages yet: retry.
      MembershipChange added = null;
      for (int attempt = 1; added == null; attempt++) {
        try {
          added = alice.invite(group, bob.identity()).toCompletableFuture().get();
        } catch (ExecutionException e) {
          if (attempt == 100) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
      // Bob has joined: he acknowledged his Welcome.
      // end::invite[]
      assertThat(bob.groups().toCompletableFuture().get()).contains(group);
      assertThat(added.byThisMember()).isTrue();
      // tag::send[]
      alice.send(group, "hello, Bob".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get();
      List<MemberId> members = alice.members(group).toCompletableFuture().get();
      // end::send[]
      assertThat(bobReceived.poll(30, TimeUnit.SECONDS)).isEqualTo("hello, Bob");
      // tag::status[]
      NodeStatus health = alice.status().toCompletableFuture().get();
      boolean underAttack = health.invalidFrames() + health.rejectedMessages() > 0;
      // end::status[]
      assertThat(health.peersLinked()).isEqualTo(1);
      assertThat(underAttack).isFalse();
      assertThat(health.retainedMessages()).isPositive();
      assertThat(members).containsExactly(alice.identity(), bob.identity());
    } finally {
      if (bob != null) {
        bob.close();
      }
      // tag::close[]
      alice.close();
      // end::close[]
    }
  }
}
