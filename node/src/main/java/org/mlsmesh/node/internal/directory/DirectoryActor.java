package org.mlsmesh.node.internal.directory;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.mlsmesh.config.NodeConfig;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.storage.KeyPackageInfo;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.StoredKeyPackage;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.EntropySource;

/**
 * The node's side of the KeyPackage directory: owns a {@link KeyPackageDirectory}, feeds it what
 * the gossip actor delivers on the directory topic and the node's requests, and carries out its
 * effects: publish and send through gossip, mint and store KeyPackages, answer fetches. Invalid
 * messages are dropped, counted and logged.
 */
public final class DirectoryActor extends AbstractBehavior<DirectoryActor.Command> {
  /** First byte of this node's direct messages that belong to the directory. */
  static final byte DIRECT_CHANNEL = 0x01;

  private static final Duration TICK = Duration.ofSeconds(1);

  public sealed interface Command {}

  /** Fetches (and claims) a KeyPackage of {@code identity}. */
  public record Fetch(Bytes identity, ActorRef<FetchResult> replyTo) implements Command {
    public Fetch {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** This node joined a group with its KeyPackage {@code ref} (consumed in storage already). */
  public record OwnConsumed(Bytes ref) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  private record FromTopic(GossipActor.Delivered delivered) implements Command {}

  private record FromPeer(GossipActor.DirectReceived received) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /** The answer to a {@link Fetch}. */
  public sealed interface FetchResult {}

  /** A KeyPackage of the identity, claimed for the caller. */
  public record Found(Bytes identity, Bytes ref, Bytes keyPackage, boolean lastResort)
      implements FetchResult {}

  public record NotFound(Bytes identity, String reason) implements FetchResult {}

  /**
   * @param ownUnclaimed this node's single-use KeyPackages nobody has claimed
   * @param rejected directory messages dropped for breaking a rule
   */
  public record Status(int ownUnclaimed, long rejected, long claimsPublished) {}

  private final KeyPackageDirectory directory;
  private final ActorRef<GossipActor.Command> gossip;
  private final NodeStorage storage;
  private final NodeKeys keys;
  private final NodeConfig config;
  private final EntropySource random;
  private final LongSupplier clock;
  private final Map<Long, ActorRef<FetchResult>> waiting = new LinkedHashMap<>();
  private long nextRequestId;

  private DirectoryActor(
      ActorContext<Command> context,
      ActorRef<GossipActor.Command> gossip,
      NodeStorage storage,
      NodeKeys keys,
      NodeConfig config,
      EntropySource random,
      LongSupplier clock) {
    super(context);
    this.gossip = gossip;
    this.storage = storage;
    this.keys = keys;
    this.config = config;
    this.random = random;
    this.clock = clock;
    this.directory =
        new KeyPackageDirectory(
            keys.peerId(),
            new DirectorySigner(keys.gossipKey()),
            new DirectoryRules(),
            config.directory(),
            config.keyPackages());
    // Distinct across restarts, so a new request never repeats an old one's bytes (gossip dedups).
    this.nextRequestId = clock.getAsLong() * 1000;
    gossip.tell(
        new GossipActor.Subscribe(
            config.directory().topic(),
            context.messageAdapter(GossipActor.Delivered.class, FromTopic::new)));
    gossip.tell(
        new GossipActor.SubscribeDirect(
            context.messageAdapter(GossipActor.DirectReceived.class, FromPeer::new)));
    announceStored();
  }

  public static Behavior<Command> create(
      ActorRef<GossipActor.Command> gossip,
      NodeStorage storage,
      NodeKeys keys,
      NodeConfig config,
      EntropySource random,
      LongSupplier clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
                  return new DirectoryActor(context, gossip, storage, keys, config, random, clock);
                }));
  }

  /**
   * At start: restore the claims stored before a restart, then announce what storage holds (but the
   * claimed), with a last-resort KeyPackage if configured.
   */
  private void announceStored() {
    directory.restoreClaims(storage.claims().listAfter(now()), now());
    List<KeyPackageInfo> stored = storage.keyPackages().list();
    List<Bytes> announce = new ArrayList<>();
    stored.forEach(info -> announce.add(info.keyPackage()));
    // Single-use ones first, so that an early fetch does not settle for the last-resort one.
    long singleUse = stored.stream().filter(info -> !info.lastResort()).count();
    announce.addAll(mint((int) Math.max(0, config.keyPackages().poolSize() - singleUse), false));
    if (config.keyPackages().lastResort()
        && stored.stream().noneMatch(KeyPackageInfo::lastResort)) {
      announce.addAll(mint(1, true));
    }
    announceOwn(announce);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(OwnConsumed.class, m -> perform(directory.ownConsumed(m.ref(), now())))
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(
            FromTopic.class, m -> onWire(m.delivered().payload(), m.delivered().from(), false))
        .onMessage(FromPeer.class, this::onDirect)
        .onMessage(Tick.class, this::onTick)
        .build();
  }

  private Behavior<Command> onFetch(Fetch m) {
    long id = nextRequestId++;
    waiting.put(id, m.replyTo());
    return perform(directory.fetch(m.identity(), id, now()));
  }

  private Behavior<Command> onGetStatus(GetStatus m) {
    KeyPackageDirectory.Counters c = directory.counters();
    m.replyTo().tell(new Status(directory.ownUnclaimedSingleUse(), c.rejected, c.claimsPublished));
    return this;
  }

  private Behavior<Command> onTick(Tick tick) {
    storage.claims().pruneUntil(now());
    return perform(directory.tick(now()));
  }

  private Behavior<Command> onDirect(FromPeer m) {
    ByteString payload = m.received().payload();
    if (payload.isEmpty() || payload.byteAt(0) != DIRECT_CHANNEL) {
      return this; // another subsystem's
    }
    return onWire(payload.substring(1), m.received().source(), true);
  }

  private Behavior<Command> onWire(ByteString payload, PeerId from, boolean direct) {
    try {
      DirectoryMessage message = DirectoryMessage.decode(Bytes.wrap(payload.toByteArray()));
      return perform(
          direct
              ? directory.onDirect(message, from, now())
              : directory.onMessage(message, from, now()));
    } catch (DirectoryException e) {
      getContext().getLog().debug("dropped directory message from {}: {}", from, e.getMessage());
      return this;
    }
  }

  private Behavior<Command> perform(List<DirectoryEffect> effects) {
    for (DirectoryEffect effect : effects) {
      if (effect instanceof DirectoryEffect.Publish p) {
        gossip.tell(
            new GossipActor.Publish(
                config.directory().topic(),
                ByteString.copyFrom(p.message().encoded().toByteArray())));
      } else if (effect instanceof DirectoryEffect.SendDirect d) {
        byte[] body = d.message().encoded().toByteArray();
        ByteString framed =
            ByteString.copyFrom(new byte[] {DIRECT_CHANNEL}).concat(ByteString.copyFrom(body));
        gossip.tell(new GossipActor.SendDirect(d.to(), framed));
      } else if (effect instanceof DirectoryEffect.FetchSucceeded s) {
        reply(
            s.requestId(),
            new Found(
                s.keyPackage().identity(),
                s.keyPackage().ref(),
                s.keyPackage().keyPackage(),
                s.keyPackage().lastResort()));
      } else if (effect instanceof DirectoryEffect.FetchFailed f) {
        reply(f.requestId(), new NotFound(f.identity(), f.reason()));
      } else if (effect instanceof DirectoryEffect.Replenish r) {
        announceOwn(mint(r.count(), false));
      } else if (effect instanceof DirectoryEffect.DeleteOwn d) {
        storage.keyPackages().delete(d.ref());
      } else if (effect instanceof DirectoryEffect.RememberClaim c) {
        storage.claims().put(c.ref(), c.identity(), c.untilMillis());
      }
    }
    return this;
  }

  private void reply(long requestId, FetchResult result) {
    ActorRef<FetchResult> to = waiting.remove(requestId);
    if (to != null) {
      to.tell(result);
    }
  }

  private void announceOwn(List<Bytes> keyPackages) {
    for (Bytes keyPackage : keyPackages) {
      try {
        perform(directory.announceOwn(List.of(keyPackage), now()));
      } catch (DirectoryException e) {
        // Our own KeyPackages pass our own rules unless a stored one expired (tick deletes it).
        getContext().getLog().warn("cannot announce an own KeyPackage: {}", e.getMessage());
      }
    }
  }

  /** Mints and stores {@code count} KeyPackages; returns them encoded. */
  private List<Bytes> mint(int count, boolean lastResort) {
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StoredKeyPackage kp =
          KeyPackageMint.mint(keys, config.keyPackages().lifetime(), lastResort, now(), random);
      try {
        storage.keyPackages().add(kp);
        out.add(kp.info().keyPackage());
      } finally {
        kp.destroy();
      }
    }
    return out;
  }

  private long now() {
    return clock.getAsLong();
  }
}
