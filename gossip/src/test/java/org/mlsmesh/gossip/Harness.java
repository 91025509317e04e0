package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;

/**
 * A minimal in-memory network for engine tests: fixed latency, no loss unless a link filter drops
 * frames, events in (time, sequence) order. The full simulator lives in the simulations module.
 */
final class Harness {
  static final String TOPIC = "group/test";
  static final long LATENCY = 20;

  final List<GossipEngine> engines = new ArrayList<>();
  final Map<String, Integer> byAddress = new LinkedHashMap<>();
  final Map<PeerId, Integer> byId = new LinkedHashMap<>();
  final List<List<Effect.Deliver>> delivered = new ArrayList<>();
  final List<List<Effect.DeliverDirect>> directs = new ArrayList<>();
  final List<Effect.PeerBanned> bans = new ArrayList<>();
  final Set<Integer> down = new HashSet<>();
  final List<String> trace = new ArrayList<>();
  BiPredicate<Integer, Integer> linkUp = (a, b) -> true;

  /** Sees every frame that reaches a node: (receiver, frame). */
  BiConsumer<Integer, ByteString> onFrame = (to, frame) -> {};

  long payloadFrames;
  long now;
  private long seq;
  private final PriorityQueue<long[]> queue =
      new PriorityQueue<>(
          (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
  private final Map<Long, Runnable> actions = new LinkedHashMap<>();

  static Peer peer(int i) {
    return new Peer(PeerId.ofPublicKey(("key-" + i).getBytes(StandardCharsets.UTF_8)), "sim:" + i);
  }

  static GossipConfig config() {
    return ConfigLoader.defaults().gossip();
  }

  Harness(int n, long seed, Validator validator) {
    GossipConfig base = config();
    for (int i = 0; i < n; i++) {
      Peer self = peer(i);
      GossipConfig cfg = base.withSeeds(i == 0 ? List.of() : List.of("sim:0"));
      engines.add(
          new GossipEngine(
              self,
              cfg,
              new SplittableRandom(seed * 1000 + i),
              validator,
              RootSignatures.insecure(self.id())));
      byAddress.put(self.address(), i);
      byId.put(self.id(), i);
      delivered.add(new ArrayList<>());
      directs.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      int node = i;
      at(i * 10L, () -> input(node, new Input.Start()));
      at(i * 10L, () -> input(node, new Input.Subscribe(TOPIC)));
    }
  }

  void at(long time, Runnable action) {
    long id = seq++;
    actions.put(id, action);
    queue.add(new long[] {time, id});
  }

  void input(int node, Input in) {
    if (down.contains(node)) {
      return;
    }
    for (Effect e : engines.get(node).onInput(in, now)) {
      trace.add(now + " " + node + " " + describe(e));
      perform(node, e);
    }
  }

  /** Effects with frames and payloads by content (a ByteString prints its identity). */
  static String describe(Effect e) {
    if (e instanceof Effect.Send) {
      Effect.Send s = (Effect.Send) e;
      return "send " + s.to().id() + " " + s.kind() + " " + s.frame().hashCode();
    } else if (e instanceof Effect.Dial) {
      return "dial " + ((Effect.Dial) e).address() + " " + ((Effect.Dial) e).frame().hashCode();
    } else if (e instanceof Effect.Deliver) {
      Effect.Deliver d = (Effect.Deliver) e;
      return "deliver " + d.id() + " " + d.from() + " " + d.hops();
    } else if (e instanceof Effect.DeliverDirect) {
      return "direct " + ((Effect.DeliverDirect) e).payload().hashCode();
    }
    return e.toString();
  }

  private void perform(int node, Effect e) {
    if (e instanceof Effect.Send) {
      Effect.Send s = (Effect.Send) e;
      if (s.kind() == org.mlsmesh.gossip.wire.Envelope.BodyCase.PUBLISH) {
        payloadFrames++;
      }
      Integer to = byId.get(s.to().id());
      deliverFrame(node, to, s.frame());
    } else if (e instanceof Effect.Dial) {
      Effect.Dial d = (Effect.Dial) e;
      deliverFrame(node, byAddress.get(d.address()), d.frame());
    } else if (e instanceof Effect.SetTimer) {
      Effect.SetTimer t = (Effect.SetTimer) e;
      at(Math.max(now, t.atMillis()), () -> input(node, new Input.TimerFired(t.key())));
    } else if (e instanceof Effect.Deliver) {
      delivered.get(node).add((Effect.Deliver) e);
    } else if (e instanceof Effect.DeliverDirect) {
      directs.get(node).add((Effect.DeliverDirect) e);
    } else if (e instanceof Effect.PeerBanned) {
      bans.add((Effect.PeerBanned) e);
    }
  }

  void deliverFrame(int from, Integer to, ByteString frame) {
    if (to == null || !linkUp.test(from, to)) {
      return;
    }
    PeerId sender = engines.get(from).self().id();
    at(
        now + LATENCY,
        () -> {
          if (!down.contains(to)) {
            onFrame.accept(to, frame);
          }
          input(to, new Input.FrameReceived(sender, frame));
        });
  }

  void runUntil(long end) {
    while (!queue.isEmpty() && queue.peek()[0] <= end) {
      long[] next = queue.poll();
      now = next[0];
      actions.remove(next[1]).run();
    }
    now = end;
  }

  ByteString publish(int node, String text) {
    ByteString payload = ByteString.copyFromUtf8(text);
    at(now, () -> input(node, new Input.Publish(TOPIC, payload)));
    return payload;
  }

  /** How many distinct ids each node has delivered (publisher counts its own). */
  int receivers(MessageId id) {
    int count = 0;
    for (int i = 0; i < engines.size(); i++) {
      if (delivered.get(i).stream().anyMatch(d -> d.id().equals(id))) {
        count++;
      }
    }
    return count;
  }
}
