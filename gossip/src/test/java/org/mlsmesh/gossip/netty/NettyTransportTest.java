package org.mlsmesh.gossip.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.Validator;

/** Real peers on 127.0.0.1 over TLS 1.3; bounded in count and time. */
@Timeout(120)
class NettyTransportTest {
  private static final String TOPIC = "group/loopback";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<NettyTransport> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(NettyTransport::close);
  }

  private NettyTransport start(List<String> seeds, java.util.function.Consumer<Effect> listener)
      throws Exception {
    GossipConfig config = ConfigLoader.defaults().gossip().withSeeds(seeds);
    NettyTransport t =
        NettyTransport.start(
            NodeIdentity.generate(RANDOM), config, "127.0.0.1", 0, Validator.ACCEPT_ALL, listener);
    started.add(t);
    return t;
  }

  @Test
  void tenPeersFormAnOverlayAndAllReceiveAThousandBroadcasts() throws Exception {
    int peers = 10;
    int messages = 1000;
    List<Set<MessageId>> received = new ArrayList<>();
    List<NettyTransport> nodes = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      Set<MessageId> mine = ConcurrentHashMap.newKeySet();
      received.add(mine);
      List<String> seeds = i == 0 ? List.of() : List.of(nodes.get(0).self().address());
      NettyTransport t =
          start(
              seeds,
              e -> {
                if (e instanceof Effect.Deliver) {
                  mine.add(((Effect.Deliver) e).id());
                }
              });
      t.subscribe(TOPIC);
      nodes.add(t);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> nodes.stream().allMatch(n -> !n.activeView().isEmpty()));
    List<MessageId> ids = new ArrayList<>();
    for (int m = 0; m < messages; m++) {
      ByteString payload = ByteString.copyFromUtf8("broadcast " + m);
      ids.add(MessageId.ofPayload(payload));
      int publisher = m % peers;
      nodes.get(publisher).publish(TOPIC, payload);
      received.get(publisher).add(MessageId.ofPayload(payload)); // its own message
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> received.stream().allMatch(r -> r.containsAll(ids)));
    for (Set<MessageId> r : received) {
      assertThat(r).hasSize(messages);
    }
  }

  @Test
  void aPeerWithTheWrongKeyIsRefused() throws Exception {
    NettyTransport honest = start(List.of(), e -> {});
    String wrongId = HexFormat.of().formatHex(NodeIdentity.generate(RANDOM).peerId().toByteArray());
    NettyTransport dialer = start(List.of(wrongId + "@" + honest.self().address()), e -> {});
    await().atMost(Duration.ofSeconds(20)).until(() -> dialer.refusedHandshakes() > 0);
    assertThat(dialer.activeView()).isEmpty();
    assertThat(honest.activeView()).isEmpty();

    String rightId = HexFormat.of().formatHex(honest.self().id().toByteArray());
    NettyTransport pinned = start(List.of(rightId + "@" + honest.self().address()), e -> {});
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> pinned.activeView().contains(honest.self().id()));
    assertThat(pinned.refusedHandshakes()).isZero();
  }

  @Test
  void directMessagesReachTheirPeer() throws Exception {
    List<ByteString> got = new CopyOnWriteArrayList<>();
    NettyTransport a = start(List.of(), e -> {});
    NettyTransport b =
        start(
            List.of(a.self().address()),
            e -> {
              if (e instanceof Effect.DeliverDirect) {
                got.add(((Effect.DeliverDirect) e).payload());
              }
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> a.activeView().contains(b.self().id()));
    a.sendDirect(b.self().id(), ByteString.copyFromUtf8("welcome"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
    assertThat(got.get(0).toStringUtf8()).isEqualTo("welcome");
  }
}
