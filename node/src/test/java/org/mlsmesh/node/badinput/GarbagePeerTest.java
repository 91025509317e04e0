package org.mlsmesh.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.TestNodes.await;
import static org.mlsmesh.node.TestNodes.inviteWithRetry;

import com.google.protobuf.ByteString;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.netty.NettyLinks;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.gossip.wire.Direct;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.Ping;
import org.mlsmesh.gossip.wire.Publish;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.MlsNodeListener;
import org.mlsmesh.node.NodeStatus;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * A peer sends garbage to a running node over real TCP and TLS: bytes that are not TLS, frames that
 * are not protobuf, well-framed protobuf that is no valid envelope, an oversized frame, a garbage
 * Welcome, and valid gossip frames whose group payload is garbage. The node drops and counts each
 * ({@link MlsNode#status()}: a refused handshake, invalid frames and a ban, a dropped Welcome, and
 * rejected messages whose penalties ban their sender too). The group garbage stops at the first
 * hop: it never reaches the group's actor, nor Carol, a member linked to the attacked node. The
 * node keeps running, its group still carries messages both ways, and its SQLite file still holds
 * the group after a restart.
 */
@Timeout(240)
class GarbagePeerTest {
  private static final ForkChoiceConfig FAST =
      ForkChoiceConfig.builder().settleWindowMillis(300).build();

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void garbageIsDroppedAndCountedAndTheGroupGoesOn() throws Exception {
    Texts toAlice = new Texts();
    Texts toBob = new Texts();
    Texts toCarol = new Texts();
    // Bob is the node under attack.
    MlsMeshConfig bobConfig = config(dir.resolve("bob"), List.of());
    MlsNode bob = keep(MlsNode.start(bobConfig, FAST));
    bob.addListener(toBob);
    MlsNode alice =
        keep(MlsNode.start(config(dir.resolve("alice"), List.of(bob.pinnedAddress())), FAST));
    alice.addListener(toAlice);
    MlsNode carol =
        keep(MlsNode.start(config(dir.resolve("carol"), List.of(bob.pinnedAddress())), FAST));
    carol.addListener(toCarol);

    GroupId group = get(alice.createGroup());
    inviteWithRetry(alice, group, bob.identity());
    inviteWithRetry(alice, group, carol.identity());
    await(
        "Bob and Carol joined in Alice's epoch",
        () -> sameEpoch(alice, bob, group) && sameEpoch(alice, carol, group));
    get(alice.send(group, utf8("before the garbage")));
    await("Bob got the first message", () -> toBob.texts.contains("before the garbage"));
    await("Carol got the first message", () -> toCarol.texts.contains("before the garbage"));

    NodeStatus before = get(bob.status());
    NodeStatus carolBefore = get(carol.status());
    long droppedBefore = get(bob.status(group)).dropped();
    long carolDroppedBefore = get(carol.status(group)).dropped();
    String address = bob.pinnedAddress().substring(bob.pinnedAddress().indexOf('@') + 1);
    Peer target = new Peer(PeerId.fromBytes(bob.identity().bytes().toByteArray()), address);
    String host = address.substring(0, address.lastIndexOf(':'));
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

    // 1. Bytes that are not TLS: the handshake fails and is counted; nothing reaches the gossip
    // engine.
    try (Socket socket = new Socket(host, port)) {
      OutputStream out = socket.getOutputStream();
      out.write(noise(1, 4096));
      out.flush();
    }
    await(
        "the refused handshake counted",
        () -> status(bob).refusedHandshakes() == before.refusedHandshakes() + 1);
    assertThat(status(bob).invalidFrames()).isEqualTo(before.invalidFrames());

    // 2. A TLS peer sends frames that are not protobuf, then well-framed protobuf of the wrong
    // version and an envelope with no body: each an invalid frame of 20 penalty points; the fifth
    // reaches the ban threshold (100).
    NettyLinks mallory = rogue();
    for (int i = 0; i < 3; i++) {
      mallory.send(target, ByteString.copyFrom(noise(10 + i, 1000)));
    }
    mallory.send(
        target,
        Envelope.newBuilder()
            .setVersion(99)
            .setPing(Ping.getDefaultInstance())
            .build()
            .toByteString());
    await(
        "4 invalid frames counted",
        () -> status(bob).invalidFrames() == before.invalidFrames() + 4);
    assertThat(status(bob).bans()).isEqualTo(before.bans());
    mallory.send(target, Envelope.newBuilder().setVersion(1).build().toByteString());
    await("the fifth bans Mallory", () -> status(bob).bans() == before.bans() + 1);
    assertThat(status(bob).invalidFrames()).isEqualTo(before.invalidFrames() + 5);

    // 3. A frame over max-frame-bytes from another peer: the link is closed, the frame counted.
    NettyLinks oscar = rogue();
    oscar.send(target, ByteString.copyFrom(new byte[bobConfig.gossip().maxFrameBytes() + 1]));
    await(
        "the oversized frame counted",
        () -> status(bob).invalidFrames() == before.invalidFrames() + 6);

    // 4. A garbage Welcome, then valid gossip frames on the group's topic whose payloads are
    // garbage: the group-topic validator rejects each before it is delivered or relayed, 10
    // penalty points apiece, and the tenth bans Trudy.
    NettyLinks trudy = rogue();
    byte[] welcome = noise(30, 500);
    welcome[0] = GroupWire.WELCOME_CHANNEL;
    trudy.send(
        target,
        Envelope.newBuilder()
            .setVersion(1)
            .setDirect(
                Direct.newBuilder()
                    .setDestination(target.id().toByteString())
                    .setSource(ByteString.copyFrom(new byte[PeerId.LENGTH]))
                    .setPayload(ByteString.copyFrom(welcome)))
            .build()
            .toByteString());
    await(
        "the garbage Welcome dropped",
        () -> status(bob).droppedWelcomes() == before.droppedWelcomes() + 1);
    String topic = GroupWire.topic(group.bytes());
    byte[] tags = {GroupWire.COMMIT, GroupWire.APPLICATION, GroupWire.PROPOSAL, 0x7f};
    for (int i = 0; i < tags.length; i++) {
      publishGarbage(trudy, target, topic, tags[i], 40 + i);
    }
    await(
        "4 garbage group messages rejected",
        () -> status(bob).rejectedMessages() == before.rejectedMessages() + tags.length);
    assertThat(status(bob).bans()).as("40 points ban no one").isEqualTo(before.bans() + 1);
    // 8 more: past 100 points even after some decay (one point per heartbeat); the ban drops the
    // rest.
    for (int i = 0; i < 8; i++) {
      publishGarbage(trudy, target, topic, tags[i % tags.length], 50 + i);
    }
    await("the rejected messages ban Trudy", () -> status(bob).bans() == before.bans() + 2);
    assertThat(status(bob).rejectedMessages() - before.rejectedMessages()).isBetween(10L, 12L);
    assertThat(status(bob).invalidFrames()).isEqualTo(before.invalidFrames() + 6);

    // The node runs on and the group works both ways.
    get(alice.send(group, utf8("after the garbage")));
    await("Bob got the later message", () -> toBob.texts.contains("after the garbage"));
    get(bob.send(group, utf8("Bob is fine")));
    await("Alice heard Bob", () -> toAlice.texts.contains("Bob is fine"));
    await(
        "Carol heard both",
        () -> toCarol.texts.containsAll(List.of("after the garbage", "Bob is fine")));
    assertThat(toBob.texts).containsExactly("before the garbage", "after the garbage");
    assertThat(get(bob.groups())).containsExactly(group);
    assertThat(sameEpoch(alice, bob, group)).isTrue();
    assertThat(status(bob).peersLinked()).isGreaterThanOrEqualTo(2);
    assertThat(status(bob).retainedMessages()).isPositive();

    // The garbage never reached a group actor: not Bob's, nor Carol's, nor Carol's gossip layer.
    assertThat(get(bob.status(group)).dropped()).isEqualTo(droppedBefore);
    assertThat(get(carol.status(group)).dropped()).isEqualTo(carolDroppedBefore);
    NodeStatus carolAfter = status(carol);
    assertThat(carolAfter.rejectedMessages()).isEqualTo(carolBefore.rejectedMessages());
    assertThat(carolAfter.invalidFrames()).isEqualTo(carolBefore.invalidFrames());
    assertThat(toCarol.texts)
        .containsExactly("before the garbage", "after the garbage", "Bob is fine");

    // Nothing stored is lost: Bob restarts from his SQLite file in the same group and epoch.
    GroupStatus last = get(bob.status(group));
    bob.close();
    open.remove(bob);
    MlsNode bobAgain = keep(MlsNode.start(bobConfig, FAST));
    assertThat(get(bobAgain.groups())).containsExactly(group);
    GroupStatus restarted = get(bobAgain.status(group));
    assertThat(restarted.epoch()).isEqualTo(last.epoch());
    assertThat(restarted.epochAuthenticator()).isEqualTo(last.epochAuthenticator());
    assertThat(restarted.members()).isEqualTo(last.members());
    assertThat(get(bobAgain.status()).rejectedMessages()).as("counters restart at zero").isZero();
  }

  // ------------------------------------------------------------------ helpers

  /** Collects the texts of the application messages a node receives. */
  static final class Texts implements MlsNodeListener {
    final List<String> texts = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(MlsNodeEvent event) {
      if (event instanceof MlsNodeEvent.MessageReceived m) {
        texts.add(new String(m.payload().toByteArray(), StandardCharsets.UTF_8));
      }
    }
  }

  /** An identity and a config in {@code folder}, listening on a free port of 127.0.0.1. */
  private static MlsMeshConfig config(Path folder, List<String> seeds) throws Exception {
    Files.createDirectories(folder);
    IdentityFile.write(
        folder.resolve("identity.key"),
        NodeKeys.generate(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource()),
        false);
    Path conf = folder.resolve("node.conf");
    StringBuilder seedList = new StringBuilder();
    seeds.forEach(s -> seedList.append('"').append(s).append("\","));
    Files.writeString(
        conf,
        "mlsmesh.node { listen.port = 0, key-packages { pool-size = 3, replenish-below = 1 } }\n"
            + "mlsmesh.gossip.seeds = ["
            + seedList
            + "]\n");
    return ConfigLoader.load(conf);
  }

  private NettyLinks rogue() throws Exception {
    NettyLinks links =
        NettyLinks.start(
            NodeIdentity.generate(new SecureRandom()),
            "127.0.0.1",
            0,
            2 << 20,
            30_000,
            new NettyLinks.Listener() {
              @Override
              public void linkUp(PeerId peer) {}

              @Override
              public void linkDown(PeerId peer) {}

              @Override
              public void frame(PeerId from, ByteString frame) {}

              @Override
              public void oversizedFrame(PeerId from) {}
            });
    return keep(links);
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private static byte[] noise(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The stage's value; its failure or a timeout as an unchecked exception. */
  private static <T> T get(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid gossip Publish on {@code topic} whose payload is {@code tag} and noise. */
  private static void publishGarbage(NettyLinks from, Peer to, String topic, byte tag, long seed) {
    byte[] payload = noise(seed, 300);
    payload[0] = tag;
    from.send(
        to,
        Envelope.newBuilder()
            .setVersion(1)
            .setPublish(
                Publish.newBuilder().setTopic(topic).setPayload(ByteString.copyFrom(payload)))
            .build()
            .toByteString());
  }

  private static NodeStatus status(MlsNode node) {
    return get(node.status());
  }

  private static boolean sameEpoch(MlsNode alice, MlsNode other, GroupId group) {
    try {
      return get(alice.status(group))
          .epochAuthenticator()
          .equals(get(other.status(group)).epochAuthenticator());
    } catch (Exception e) {
      return false;
    }
  }
}
