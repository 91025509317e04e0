package org.mlsmesh.node.internal.gossip;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.GossipEngine;
import org.mlsmesh.gossip.Input;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.TimerKey;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.node.internal.metrics.NodeMetrics;

/**
 * Owns the node's {@link GossipEngine}: feeds it frames from the links, timers and the node's
 * calls, and carries out its effects — frames out over the {@link Links}, timers through Pekko
 * timers, deliveries to the subscribed actors — and moves the node's gossip meters ({@link
 * NodeMetrics}: frames and bytes each way, links, invalid frames, bans) from those inputs, effects
 * and the engine's counters. Invalid input from a peer is dropped and counted by the engine; an
 * input the engine refuses is dropped, counted and logged here, and never stops the actor.
 */
public final class GossipActor extends AbstractBehavior<GossipActor.Command> {
  /** Stands for a frame over the size limit: the engine counts it as an invalid frame. */
  static final ByteString OVERSIZED_MARKER = ByteString.copyFrom(new byte[] {(byte) 0xff});

  public sealed interface Command {}

  /** Broadcasts {@code payload} on {@code topic}. */
  public record Publish(String topic, ByteString payload) implements Command {
    public Publish {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Subscribes the node to {@code topic}; new messages on it go to {@code subscriber}. */
  public record Subscribe(String topic, ActorRef<Delivered> subscriber) implements Command {
    public Subscribe {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(subscriber, "subscriber");
    }
  }

  /**
   * Stops delivering {@code topic} to {@code subscriber}; with its last subscriber gone the node
   * leaves the topic, and forgets its roster if it was a group's.
   */
  public record Unsubscribe(String topic, ActorRef<Delivered> subscriber) implements Command {
    public Unsubscribe {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(subscriber, "subscriber");
    }
  }

  /**
   * Carries {@code topic} only among {@code members} (a group's roster: peer ids and addresses),
   * never over the global overlay; sent again when the roster changes. See {@link Input.SetGroup}.
   */
  public record SetGroup(String topic, List<Peer> members) implements Command {
    public SetGroup {
      Objects.requireNonNull(topic, "topic");
      members = List.copyOf(members);
    }
  }

  /** Sends {@code payload} to one peer, over the overlay when there is no link to it. */
  public record SendDirect(PeerId to, ByteString payload) implements Command {
    public SendDirect {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Direct messages for this node go to {@code subscriber}. */
  public record SubscribeDirect(ActorRef<DirectReceived> subscriber) implements Command {
    public SubscribeDirect {
      Objects.requireNonNull(subscriber, "subscriber");
    }
  }

  /**
   * Cuts the links to {@code peers} and refuses them — frames in and out, new links either way —
   * until the next {@code BlockPeers} that leaves them out; an empty set heals. A network partition
   * on demand, for demos and tests: the engine sees the links go down and, after the heal, restores
   * them by its own reconnection and repair.
   */
  public record BlockPeers(Set<PeerId> peers) implements Command {
    public BlockPeers {
      peers = Set.copyOf(peers);
    }
  }

  /** Asks for the counters and views. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** Asks for one topic's {@link TopicStatus}. */
  public record GetTopic(String topic, ActorRef<TopicStatus> replyTo) implements Command {
    public GetTopic {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * One topic as the gossip layer sees it.
   *
   * @param subscribed whether this node delivers it
   * @param groupMembers the roster it is carried among (a group's topic, {@link SetGroup}), this
   *     node included; empty for a topic of the global overlay
   * @param framesReceived the frames that named it (pushes, pulls, announcements, digests), relayed
   *     or not: a node outside a group receives none of its topic's
   */
  public record TopicStatus(
      String topic, boolean subscribed, List<PeerId> groupMembers, long framesReceived) {
    public TopicStatus {
      Objects.requireNonNull(topic, "topic");
      groupMembers = List.copyOf(groupMembers);
    }
  }

  record FrameIn(PeerId from, ByteString frame) implements Command {}

  record LinkUp(PeerId peer) implements Command {}

  record LinkDown(PeerId peer) implements Command {}

  private record TimerFired(TimerKey key) implements Command {}

  /** A new, accepted message on a subscribed topic. */
  public record Delivered(String topic, MessageId id, ByteString payload, PeerId from) {}

  /** A direct message for this node; see {@link Effect.DeliverDirect} on its authenticity. */
  public record DirectReceived(PeerId source, ByteString payload) {}

  /**
   * The gossip layer's state for monitoring and tests.
   *
   * @param invalidFrames frames the engine could not parse or refused
   * @param rejected messages the validation hook rejected
   * @param refusedInputs inputs the engine refused by throwing (dropped here)
   * @param refusedHandshakes connections whose TLS handshake failed or showed an unexpected key
   * @param retainedMessages payloads held for anti-entropy, over all subscribed topics
   * @param treeRoot the root of the global overlay's broadcast tree, once a beacon of its signed
   *     term reached this node (or it is the root)
   */
  public record Status(
      Peer self,
      List<PeerId> activeView,
      Optional<PeerId> treeRoot,
      long invalidFrames,
      long rejected,
      long delivered,
      long bans,
      long refusedInputs,
      long refusedHandshakes,
      long retainedMessages) {
    public Status {
      activeView = List.copyOf(activeView);
    }
  }

  private final GossipEngine engine;
  private final Links links;
  private final TimerScheduler<Command> timers;
  private final LongSupplier clock;
  private final NodeMetrics metrics;
  private final Map<String, List<ActorRef<Delivered>>> subscribers = new LinkedHashMap<>();
  private final List<ActorRef<DirectReceived>> directSubscribers = new ArrayList<>();
  private long refusedInputs;

  /** The engine's count of invalid frames already added to the meter. */
  private long invalidFramesMetered;

  private Set<PeerId> blocked = Set.of();

  private GossipActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Links links,
      GossipConfig config,
      Validator validator,
      LongSupplier clock,
      NodeMetrics metrics) {
    super(context);
    this.timers = timers;
    this.links = links;
    this.clock = clock;
    this.metrics = metrics;
    this.engine =
        new GossipEngine(
            links.self(),
            config,
            new SplittableRandom(new SecureRandom().nextLong()),
            validator,
            links.rootSignatures());
    apply(new Input.Start());
  }

  /** A gossip actor over links made by {@code linksFactory} (given the actor to report to). */
  public static Behavior<Command> create(
      LinksFactory linksFactory,
      GossipConfig config,
      Validator validator,
      LongSupplier clock,
      NodeMetrics metrics) {
    Behavior<Command> behavior =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers ->
                        new GossipActor(
                            context,
                            timers,
                            linksFactory.open(context.getSelf()),
                            config,
                            validator,
                            clock,
                            metrics)));
    return Behaviors.supervise(behavior)
        .onFailure(RuntimeException.class, SupervisorStrategy.resume());
  }

  /** A gossip actor over TLS links on {@code host:port} (0 picks a free port). */
  public static Behavior<Command> overNetty(
      NodeIdentity identity,
      String host,
      int port,
      GossipConfig config,
      Validator validator,
      NodeMetrics metrics) {
    return create(
        actor -> NettyLinksAdapter.start(identity, host, port, config, actor),
        config,
        validator,
        System::currentTimeMillis,
        metrics);
  }

  /** Opens the links of a gossip actor. */
  @FunctionalInterface
  public interface LinksFactory {
    Links open(ActorRef<Command> actor) throws Exception;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FrameIn.class, this::onFrameIn)
        .onMessage(LinkUp.class, this::onLinkUp)
        .onMessage(LinkDown.class, m -> apply(new Input.LinkDown(m.peer())))
        .onMessage(TimerFired.class, m -> apply(new Input.TimerFired(m.key())))
        .onMessage(Publish.class, m -> apply(new Input.Publish(m.topic(), m.payload())))
        .onMessage(SendDirect.class, m -> apply(new Input.SendDirect(m.to(), m.payload())))
        .onMessage(SetGroup.class, m -> apply(new Input.SetGroup(m.topic(), m.members())))
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(GetTopic.class, this::onGetTopic)
        .onMessage(SubscribeDirect.class, this::onSubscribeDirect)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(BlockPeers.class, this::onBlockPeers)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onFrameIn(FrameIn m) {
    links.processed(m.from());
    if (blocked.contains(m.from())) {
      return this;
    }
    metrics.frameIn(m.frame().size());
    return apply(new Input.FrameReceived(m.from(), m.frame()));
  }

  private Behavior<Command> onLinkUp(LinkUp m) {
    if (blocked.contains(m.peer())) {
      links.disconnect(m.peer());
      return apply(new Input.LinkDown(m.peer()));
    }
    return apply(new Input.LinkUp(m.peer()));
  }

  private Behavior<Command> onBlockPeers(BlockPeers m) {
    Set<PeerId> before = blocked;
    blocked = m.peers();
    for (PeerId peer : blocked) {
      if (!before.contains(peer)) {
        links.disconnect(peer);
        apply(new Input.LinkDown(peer));
      }
    }
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    boolean first = !subscribers.containsKey(m.topic());
    subscribers.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(m.subscriber());
    return first ? apply(new Input.Subscribe(m.topic())) : this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe m) {
    List<ActorRef<Delivered>> subs = subscribers.get(m.topic());
    if (subs == null || !subs.remove(m.subscriber()) || !subs.isEmpty()) {
      return this;
    }
    subscribers.remove(m.topic());
    return apply(new Input.Unsubscribe(m.topic()));
  }

  private Behavior<Command> onGetTopic(GetTopic m) {
    m.replyTo()
        .tell(
            new TopicStatus(
                m.topic(),
                engine.subscriptions().contains(m.topic()),
                engine.groupMembers(m.topic()),
                engine.framesReceived(m.topic())));
    return this;
  }

  private Behavior<Command> onSubscribeDirect(SubscribeDirect m) {
    directSubscribers.add(m.subscriber());
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus m) {
    GossipEngine.Counters c = engine.counters();
    m.replyTo()
        .tell(
            new Status(
                engine.self(),
                engine.activeView(),
                Optional.ofNullable(engine.treeRoot()),
                c.invalidFrames,
                c.rejected,
                c.delivered,
                c.bans,
                refusedInputs,
                links.refusedHandshakes(),
                retainedMessages()));
    return this;
  }

  private long retainedMessages() {
    long retained = 0;
    for (String topic : engine.subscriptions()) {
      retained += engine.retainedCount(topic);
    }
    return retained;
  }

  /** The one call into the engine, then its effects. */
  private Behavior<Command> apply(Input input) {
    List<Effect> effects;
    try {
      effects = engine.onInput(input, clock.getAsLong());
    } catch (RuntimeException e) {
      refusedInputs++;
      getContext()
          .getLog()
          .warn("gossip dropped {}: {}", input.getClass().getSimpleName(), e.toString());
      return this;
    }
    effects.forEach(this::perform);
    metrics.linksNow(engine.activeViewSize());
    long invalid = engine.counters().invalidFrames;
    metrics.invalidFrames(invalid - invalidFramesMetered);
    invalidFramesMetered = invalid;
    return this;
  }

  private void perform(Effect effect) {
    if (effect instanceof Effect.Send send) {
      if (!blocked.contains(send.to().id())) {
        ByteString frame = send.frame();
        links.send(send.to(), frame);
        metrics.frameOut(frame.size());
      }
    } else if (effect instanceof Effect.Dial dial) {
      ByteString frame = dial.frame();
      links.dial(dial.address(), frame);
      metrics.frameOut(frame.size());
    } else if (effect instanceof Effect.Disconnect disconnect) {
      links.disconnect(disconnect.peer());
    } else if (effect instanceof Effect.Throttle throttle) {
      links.throttle(throttle.peer(), throttle.untilMillis() - clock.getAsLong());
    } else if (effect instanceof Effect.SetTimer timer) {
      long delay = Math.max(0, timer.atMillis() - clock.getAsLong());
      timers.startSingleTimer(timer.key(), new TimerFired(timer.key()), Duration.ofMillis(delay));
    } else if (effect instanceof Effect.Deliver deliver) {
      Delivered delivered =
          new Delivered(deliver.topic(), deliver.id(), deliver.payload(), deliver.from());
      subscribers.getOrDefault(deliver.topic(), List.of()).forEach(s -> s.tell(delivered));
    } else if (effect instanceof Effect.DeliverDirect direct) {
      DirectReceived received = new DirectReceived(direct.source(), direct.payload());
      directSubscribers.forEach(s -> s.tell(received));
    } else if (effect instanceof Effect.PeerBanned banned) {
      metrics.banned();
      getContext()
          .getLog()
          .info(
              "banned peer {} until {}: {}",
              banned.peer(),
              banned.untilMillis(),
              banned.lastReason());
    }
  }

  private Behavior<Command> onStop() {
    links.close();
    return this;
  }
}
