package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A few members on a seeded virtual network, committing and chatting concurrently: after the last
 * settle window every member has the same final epoch, and every application message is delivered
 * exactly once to every other member. A receiver can only read a message while it retains the epoch
 * it was encrypted in, so messages on losing branches only arrive through the outbox.
 */
class MeshSimulationTest {
  private static final long WINDOW = 1_000;
  private static final long MAX_DELAY = 400; // below WINDOW / 2: see ForkChoiceConfig
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(WINDOW).maxResends(20).build();
  private static final int MEMBERS = 5;

  private record Event(long at, long seq, int peer, Input input, int tries)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  /** A seeded run; returns the members. */
  private static final class Mesh {
    final Random random;
    final List<Peer> peers = new ArrayList<>();
    final PriorityQueue<Event> queue = new PriorityQueue<>();
    final Map<AppMessageId, Integer> sender = new LinkedHashMap<>();
    final Map<String, Integer> deliveries = new LinkedHashMap<>();
    final List<String> trace = new ArrayList<>();
    long seq;
    long now;

    Mesh(long seed) {
      random = new Random(seed);
      FakeState genesis = FakeState.genesis("mesh", MEMBERS, 0);
      for (long m = 0; m < MEMBERS; m++) {
        peers.add(new Peer(genesis, m, CONFIG));
      }
    }

    void at(long time, int peer, Input input, int tries) {
      queue.add(new Event(time, seq++, peer, input, tries));
    }

    void broadcast(int from, Input input) {
      for (int p = 0; p < MEMBERS; p++) {
        if (p != from) {
          at(now + 1 + random.nextInt((int) MAX_DELAY), p, input, 0);
        }
      }
    }

    void commit(int p, int attempt) {
      Peer peer = peers.get(p);
      FakeCommit c = FakeCommit.update(peer.fc.head(), p).withNonce(seq);
      perform(
          p,
          new Input.LocalCommitCreated(
              c.id(),
              c.parentEpoch(),
              c.wire(),
              Intent.of(Bytes.fromHex("00")),
              java.util.Optional.empty(),
              attempt));
      broadcast(p, c.received());
    }

    void send(int p) {
      Peer peer = peers.get(p);
      AppMessageId id = AppMessageId.of(Bytes.wrap(("m" + seq++).getBytes()));
      sender.put(id, p);
      perform(p, new Input.ApplicationSent(id, Bytes.wrap(id.value().toByteArray()), peer.head()));
      broadcast(p, new Input.ApplicationSent(id, Bytes.EMPTY, peer.head()));
    }

    void perform(int p, Input input) {
      Peer peer = peers.get(p);
      peer.now = now;
      for (Effect e : peer.apply(input)) {
        trace.add(p + " " + e);
        if (e instanceof Effect.SetTimer t) {
          at(t.atMillis(), p, new Input.TimerFired(t.key()), 0);
        } else if (e instanceof Effect.ResendApplication r) {
          broadcast(p, new Input.ApplicationSent(r.id(), Bytes.EMPTY, r.onEpoch()));
        } else if (e instanceof Effect.RebuildCommit r) {
          commit(p, r.attempt());
        } else if (e instanceof Effect.Deliver d) {
          deliveries.merge(p + "/" + d.id(), 1, Integer::sum);
        }
      }
    }

    /** An application message on the wire: readable only while its epoch is retained. */
    void receiveApplication(Event ev, Input.ApplicationSent wire) {
      Peer peer = peers.get(ev.peer());
      if (peer.fc.state(wire.epoch()).isPresent()) {
        perform(ev.peer(), new Input.ApplicationReceived(wire.id(), wire.payload()));
      } else if (!peer.fc.isFinal(wire.epoch()) && ev.tries() < 30) {
        at(now + 50, ev.peer(), wire, ev.tries() + 1); // not there yet: the Commit may be late
      }
    }

    void run(int commits, int messages) {
      for (int i = 0; i < commits; i++) {
        at(random.nextInt(8_000), random.nextInt(MEMBERS), null, -1);
      }
      for (int i = 0; i < messages; i++) {
        at(random.nextInt(8_000), random.nextInt(MEMBERS), null, -2);
      }
      while (!queue.isEmpty()) {
        Event ev = queue.poll();
        now = ev.at();
        if (ev.tries() == -1) {
          commit(ev.peer(), 0);
        } else if (ev.tries() == -2) {
          send(ev.peer());
        } else if (ev.input() instanceof Input.ApplicationSent wire) {
          receiveApplication(ev, wire);
        } else {
          perform(ev.peer(), ev.input());
        }
      }
    }
  }

  @Test
  void concurrentCommitsAndMessagesConvergeWithExactlyOnceDelivery() {
    long rollbacks = 0;
    long resends = 0;
    for (long seed = 0; seed < 40; seed++) {
      Mesh mesh = new Mesh(seed);
      mesh.run(30, 60);
      EpochId head = mesh.peers.get(0).head();
      for (Peer p : mesh.peers) {
        assertThat(p.head()).as("seed %d", seed).isEqualTo(head);
        assertThat(p.fc.isFinal(head)).isTrue();
        assertThat(p.adapter.alive()).containsExactly(p.fc.head());
        assertThat(p.effectsOf(Effect.ApplicationAbandoned.class)).isEmpty();
        rollbacks += p.fc.stats().rollbacks();
        resends += p.fc.stats().resends();
      }
      for (Map.Entry<AppMessageId, Integer> m : mesh.sender.entrySet()) {
        for (int p = 0; p < MEMBERS; p++) {
          Integer count = mesh.deliveries.get(p + "/" + m.getKey());
          if (p == m.getValue()) {
            assertThat(count).isNull();
          } else {
            assertThat(count).as("seed %d member %d %s", seed, p, m.getKey()).isEqualTo(1);
          }
        }
      }
    }
    assertThat(rollbacks).isPositive();
    assertThat(resends).isPositive();
  }

  @Test
  void aRunIsAPureFunctionOfItsSeed() {
    Mesh a = new Mesh(11);
    a.run(30, 60);
    Mesh b = new Mesh(11);
    b.run(30, 60);
    assertThat(a.trace).isEqualTo(b.trace);
    assertThat(a.trace).hasSizeGreaterThan(100);
  }
}
