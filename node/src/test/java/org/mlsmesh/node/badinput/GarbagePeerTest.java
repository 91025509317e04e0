package org.mlsmesh.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.netty.NettyLinks;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.gossip.wire.Direct;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.Ping;
import org.mlsmesh.gossip.wire.Publish;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.MlsNodeListener;
import org.mlsmesh.node.gossip.GossipActor;
import org.mlsmesh.node.group.GroupActor;
import org.mlsmesh.node.group.GroupStatus;
import org.mlsmesh.node.group.GroupWire;
import org.mlsmesh.node.group.GroupsActor;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.runtime.NodeRuntime;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * A peer sends garbage to a running node over real TCP and TLS: bytes that are not TLS, frames that
 * are not protobuf, well-framed protobuf that is no valid envelope, an oversized frame, valid
 * gossip frames whose group payload is garbage, and a garbage Welcome. The node drops and counts
 * each (gossip: invalid frames and a ban; group: dropped messages; Welcomes: dropped Welcomes),
 * keeps running, its group still carries messages both ways, and its SQLite file still holds the
 * group after a restart.
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
    // Bob is the node under attack; the test reads its gossip counters, hence the runtime itself.
    MlsMeshConfig bobConfig = config(dir.resolve("bob"), List.of());
    NodeRuntime bob = keep(NodeRuntime.start(bobConfig, FAST, toBob));
    MlsNode alice =
        keep(MlsNode.start(config(dir.resolve("alice"), List.of(bob.pinnedAddress())), FAST));
    alice.addListener(toAlice);

    Bytes group = get(alice.createGroup());
    inviteWithRetry(alice, group, bob.keys().mlsIdentity());
    await("Bob joined in Alice's epoch", () -> sameEpoch(alice, bob, group));
    get(alice.send(group, utf8("before the garbage")));
    await("Bob got the first message", () -> toBob.texts.contains("before the garbage"));

    GossipActor.Status before = get(bob.gossipStatus());
    long droppedBefore = status(bob, group).dropped();
    long welcomesBefore = droppedWelcomes(bob);
    Peer target = new Peer(bob.keys().peerId(), bob.address());
    String host = bob.address().substring(0, bob.address().lastIndexOf(':'));
    int port = Integer.parseInt(bob.address().substring(bob.address().lastIndexOf(':') + 1));

    // 1. Bytes that are not TLS: the handshake fails, nothing reaches the gossip engine.
    try (Socket socket = new Socket(host, port)) {
      OutputStream out = socket.getOutputStream();
      out.write(noise(1, 4096));
      out.flush();
    }

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
        () -> gossip(bob).invalidFrames() == before.invalidFrames() + 4);
    assertThat(gossip(bob).bans()).isEqualTo(before.bans());
    mallory.send(target, Envelope.newBuilder().setVersion(1).build().toByteString());
    await("the fifth bans Mallory", () -> gossip(bob).bans() == before.bans() + 1);
    assertThat(gossip(bob).invalidFrames()).isEqualTo(before.invalidFrames() + 5);

    // 3. A frame over max-frame-bytes from another peer: the link is closed, the frame counted.
    NettyLinks oscar = rogue();
    oscar.send(target, ByteString.copyFrom(new byte[bobConfig.gossip().maxFrameBytes() + 1]));
    await(
        "the oversized frame counted",
        () -> gossip(bob).invalidFrames() == before.invalidFrames() + 6);

    // 4. Valid gossip frames on the group's topic whose payloads are garbage, and a garbage
    // Welcome.
    NettyLinks trudy = rogue();
    String topic = GroupWire.topic(group);
    byte[] tags = {GroupWire.COMMIT, GroupWire.APPLICATION, GroupWire.PROPOSAL, 0x7f};
    for (int i = 0; i < tags.length; i++) {
      byte[] payload = noise(20 + i, 300);
      payload[0] = tags[i];
      trudy.send(
          target,
          Envelope.newBuilder()
              .setVersion(1)
              .setPublish(
                  Publish.newBuilder().setTopic(topic).setPayload(ByteString.copyFrom(payload)))
              .build()
              .toByteString());
    }
    byte[] welcome = noise(30, 500);
    welcome[0] = GroupWire.WELCOME_CHANNEL;
    trudy.send(
        target,
        Envelope.newBuilder()
            .setVersion(1)
            .setDirect(
                Direct.newBuilder()
                    .setDestination(bob.keys().peerId().toByteString())
                    .setSource(ByteString.copyFrom(new byte[PeerId.LENGTH]))
                    .setPayload(ByteString.copyFrom(welcome)))
            .build()
            .toByteString());
    await(
        "4 garbage group messages dropped",
        () -> status(bob, group).dropped() == droppedBefore + tags.length);
    await("the garbage Welcome dropped", () -> droppedWelcomes(bob) == welcomesBefore + 1);
    assertThat(gossip(bob).bans()).isEqualTo(before.bans() + 1);
    assertThat(gossip(bob).invalidFrames()).isEqualTo(before.invalidFrames() + 6);

    // The node runs on and the group works both ways.
    get(alice.send(group, utf8("after the garbage")));
    await("Bob got the later message", () -> toBob.texts.contains("after the garbage"));
    send(bob, group, "Bob is fine");
    await("Alice heard Bob", () -> toAlice.texts.contains("Bob is fine"));
    assertThat(toBob.texts).containsExactly("before the garbage", "after the garbage");
    assertThat(groups(bob)).containsExactly(group);
    assertThat(sameEpoch(alice, bob, group)).isTrue();

    // Nothing stored is lost: Bob restarts from his SQLite file in the same group and epoch.
    GroupStatus last = status(bob, group);
    bob.close();
    open.remove(bob);
    NodeRuntime bobAgain = keep(NodeRuntime.start(bobConfig, FAST, toBob));
    assertThat(groups(bobAgain)).containsExactly(group);
    GroupStatus restarted = status(bobAgain, group);
    assertThat(restarted.epoch()).isEqualTo(last.epoch());
    assertThat(restarted.epochAuthenticator()).isEqualTo(last.epochAuthenticator());
    assertThat(restarted.members()).isEqualTo(last.members());
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

  private static GossipActor.Status gossip(NodeRuntime node) {
    return get(node.gossipStatus());
  }

  private static GroupStatus status(NodeRuntime node, Bytes group) {
    CompletableFuture<GroupStatus> result = new CompletableFuture<>();
    node.tellGroups(new GroupsActor.ToGroup(group, new GroupActor.GetStatus(result), result));
    return get(result);
  }

  private static long droppedWelcomes(NodeRuntime node) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    node.tellGroups(new GroupsActor.GetDroppedWelcomes(result));
    return get(result);
  }

  private static List<Bytes> groups(NodeRuntime node) {
    CompletableFuture<List<Bytes>> result = new CompletableFuture<>();
    node.tellGroups(new GroupsActor.ListGroups(result));
    return get(result);
  }

  private static void send(NodeRuntime node, Bytes group, String text) throws Exception {
    CompletableFuture<Bytes> result = new CompletableFuture<>();
    node.tellGroups(
        new GroupsActor.ToGroup(group, new GroupActor.Send(Bytes.of(utf8(text)), result), result));
    get(result);
  }

  private static boolean sameEpoch(MlsNode alice, NodeRuntime bob, Bytes group) {
    try {
      return get(alice.status(group))
          .epochAuthenticator()
          .equals(status(bob, group).epochAuthenticator());
    } catch (Exception e) {
      return false;
    }
  }

  private static void inviteWithRetry(MlsNode from, Bytes group, Bytes identity) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        get(from.invite(group, identity));
        return;
      } catch (Exception e) {
        // The invitee's KeyPackages may still be on their way through the directory topic.
        assertThat(System.nanoTime()).as("invite kept failing: " + e).isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
