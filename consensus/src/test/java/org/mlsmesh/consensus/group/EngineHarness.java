package org.mlsmesh.consensus.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;

/**
 * Group engines of several members over a tiny in-process network with a fixed latency, on a
 * virtual clock: each member's effects are carried out the way a shell must (persist first, into
 * its {@link MemoryGroupStore}), frames reach the others {@link #LATENCY} later, timers fire in
 * time order. Members can crash and restart from their stores.
 */
final class EngineHarness {
  static final long START = 1_700_000_000_000L;
  static final long LATENCY = 20;
  static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};

  final GroupEnvironment env;
  final List<Member> members = new ArrayList<>();
  long now = START;
  private long seq;
  private long requests;
  private final PriorityQueue<Event> agenda = new PriorityQueue<>();
  final Map<Long, GroupEffect> results = new LinkedHashMap<>();

  /** Members cut off from the others: frames between the two sides are lost. */
  final java.util.Set<Integer> isolated = new java.util.HashSet<>();

  private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  /** One member: its keys, its store, its engine while it runs, and what it was told. */
  final class Member {
    final int index;
    final SignatureKeyPair signer;
    final BasicCredential credential;
    final GroupEngineSettings settings;
    final KeyPackageBundle keyPackage;
    final MemoryGroupStore store = new MemoryGroupStore();
    final List<GroupEvent> events = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    final Map<EngineTimer, Long> timers = new LinkedHashMap<>();
    GroupEngine engine;
    boolean crashed;

    /** The beacons this member published on the topic. */
    int beacons;

    /** While set, frames to this member wait in {@link #held} until {@link #release}. */
    boolean holding;

    final List<Runnable> held = new ArrayList<>();

    Member(int index) {
      this.index = index;
      this.signer = SUITE.crypto().generateSignatureKeyPair(env.random());
      this.credential =
          new BasicCredential(Bytes.of(("m" + index).getBytes(StandardCharsets.UTF_8)));
      this.settings =
          new GroupEngineSettings(
              env,
              signer,
              credential,
              ForkChoiceConfig.builder().settleWindowMillis(500).build(),
              60_000,
              1_000,
              true);
      this.keyPackage =
          KeyPackageBuilder.create(SUITE, signer, credential)
              .validFor(START, Duration.ofDays(30))
              .build(env.random());
    }

    Bytes identity() {
      return credential.identity();
    }

    void input(GroupInput input) {
      if (engine != null && !crashed) {
        perform(this, engine.onInput(input, now));
      }
    }

    long messagesReceived() {
      return events.stream().filter(e -> e instanceof GroupEvent.MessageReceived).count();
    }
  }

  EngineHarness(int clients, long seed) {
    env =
        new GroupEnvironment(
            GroupConfig.DEFAULT.withEncryptHandshake(true).withPastEpochs(16),
            ACCEPT_ALL,
            new KeyPackageValidator(ACCEPT_ALL, LifetimePolicy.DEFAULT),
            PskStore.none(),
            new SeededEntropySource(seed));
    for (int i = 0; i < clients; i++) {
      members.add(new Member(i));
    }
  }

  Member member(int i) {
    return members.get(i);
  }

  /** Member 0 creates the group alone. */
  void create() {
    Member m = members.get(0);
    GroupState state = genesis();
    start(
        m,
        GroupEngine.create(m.settings, state, Optional.of(state.ownLeaf()), Optional.empty(), now));
  }

  /** Member 0's new group, with no one else yet. */
  private GroupState genesis() {
    Member m = members.get(0);
    return GroupState.create(
        env,
        SUITE,
        Bytes.of("engine-test".getBytes(StandardCharsets.UTF_8)),
        List.of(),
        m.signer,
        m.credential,
        now);
  }

  /**
   * Member 0 creates the group with members 1 to {@code count - 1}, added by its first Commit; they
   * join from its Welcome.
   */
  void createWith(int count) throws Exception {
    Member creator = members.get(0);
    GroupState genesis = genesis();
    List<Proposal> adds = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      adds.add(new Add(members.get(i).keyPackage.keyPackage()));
    }
    CommitResult result = genesis.commit(CommitOptions.defaults().withProposals(adds), now);
    GroupState first = result.staged().merge();
    genesis.destroy();
    start(
        creator,
        GroupEngine.create(
            creator.settings, first, Optional.of(first.ownLeaf()), Optional.empty(), now));
    MlsMessage welcome =
        TlsReader.decodeAll(result.welcome().orElseThrow().encoded(), MlsMessage::decode);
    for (int i = 1; i < count; i++) {
      Member m = members.get(i);
      StagedWelcome staged =
          GroupState.stageWelcome(env, welcome, m.keyPackage, m.signer, Optional.empty(), now);
      start(
          m,
          GroupEngine.create(
              m.settings,
              staged.join(),
              Optional.of(staged.sender().index()),
              Optional.empty(),
              now));
    }
  }

  long invite(int inviter, int invitee) {
    long r = ++requests;
    Member m = members.get(invitee);
    members
        .get(inviter)
        .input(new GroupInput.Invite(r, m.identity(), m.keyPackage.keyPackage().encoded()));
    return r;
  }

  long send(int sender, String text) {
    long r = ++requests;
    members
        .get(sender)
        .input(new GroupInput.Send(r, Bytes.of(text.getBytes(StandardCharsets.UTF_8))));
    return r;
  }

  long command(int member, java.util.function.LongFunction<GroupInput> make) {
    long r = ++requests;
    members.get(member).input(make.apply(r));
    return r;
  }

  void crash(int i) {
    Member m = members.get(i);
    m.crashed = true;
    m.engine = null;
    m.timers.clear();
  }

  void restart(int i) throws Exception {
    Member m = members.get(i);
    m.crashed = false;
    StoredGroup stored = m.store.load().orElseThrow();
    start(m, GroupEngine.restore(m.settings, stored, now));
  }

  /** Runs the agenda until {@code untilMillis} after the start of the run. */
  void runFor(long millis) {
    long end = now + millis;
    while (!agenda.isEmpty() && agenda.peek().at() <= end) {
      Event e = agenda.poll();
      now = Math.max(now, e.at());
      e.action().run();
    }
    now = end;
  }

  private void start(Member m, GroupEngine.Started started) {
    m.engine = started.engine();
    perform(m, started.effects());
  }

  private void perform(Member m, List<GroupEffect> effects) {
    for (GroupEffect e : effects) {
      if (e instanceof GroupEffect.Persist p) {
        m.store.apply(p.transaction());
      } else if (e instanceof GroupEffect.Publish p) {
        if (p.payload().get(0) == GroupWire.BEACON) {
          m.beacons++;
        }
        for (Member to : members) {
          if (to != m) {
            deliver(m, to, () -> to.input(new GroupInput.TopicFrame(p.payload())));
          }
        }
      } else if (e instanceof GroupEffect.SendDirect d) {
        for (Member to : members) {
          if (to.identity().equals(d.to())) {
            deliver(m, to, () -> direct(to, m.identity(), d.payload()));
          }
        }
      } else if (e instanceof GroupEffect.Notify n) {
        m.events.add(n.event());
      } else if (e instanceof GroupEffect.Completed || e instanceof GroupEffect.Failed) {
        long r =
            e instanceof GroupEffect.Completed c ? c.request() : ((GroupEffect.Failed) e).request();
        results.put(r, e);
      } else if (e instanceof GroupEffect.SetTimer t) {
        m.timers.put(t.timer(), t.atMillis());
        schedule(
            t.atMillis(),
            () -> {
              Long at = m.timers.get(t.timer());
              if (at != null && at == t.atMillis()) {
                m.timers.remove(t.timer());
                m.input(new GroupInput.TimerFired(t.timer()));
              }
            });
      } else if (e instanceof GroupEffect.Refused r) {
        m.refused.add(r.what());
      } else if (e instanceof GroupEffect.Stopped) {
        m.engine = null;
      }
    }
  }

  private void direct(Member to, Bytes from, Bytes payload) {
    if (to.crashed) {
      return;
    }
    if (payload.get(0) == GroupWire.WELCOME_CHANNEL
        && to.engine == null
        && !to.store.holdsGroup()) {
      try {
        GroupFrame.Welcome welcome =
            (GroupFrame.Welcome) GroupWire.parseDirect(Bytes.EMPTY, payload);
        StagedWelcome staged =
            GroupState.stageWelcome(
                env, welcome.message(), to.keyPackage, to.signer, Optional.empty(), now);
        start(
            to,
            GroupEngine.create(
                to.settings,
                staged.join(),
                Optional.of(staged.sender().index()),
                Optional.of(from),
                welcome.inviterRecords(),
                now));
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
      return;
    }
    to.input(new GroupInput.DirectFrame(from, payload));
  }

  private void deliver(Member from, Member to, Runnable action) {
    if (isolated.contains(from.index) != isolated.contains(to.index)) {
      return;
    }
    schedule(
        now + LATENCY,
        () -> {
          if (to.holding) {
            to.held.add(action);
          } else {
            action.run();
          }
        });
  }

  /** Member {@code i}'s frames wait until {@link #release}: the network reorders them. */
  void hold(int i) {
    members.get(i).holding = true;
  }

  /** Delivers what member {@code i} held, newest first (the reverse of the order sent). */
  void release(int i) {
    Member m = members.get(i);
    m.holding = false;
    List<Runnable> frames = new ArrayList<>(m.held);
    m.held.clear();
    java.util.Collections.reverse(frames);
    frames.forEach(Runnable::run);
  }

  private void schedule(long at, Runnable action) {
    agenda.add(new Event(Math.max(at, now), seq++, action));
  }
}
