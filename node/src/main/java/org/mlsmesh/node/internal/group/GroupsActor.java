package org.mlsmesh.node.internal.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.mlsmesh.consensus.group.GroupFrame;
import org.mlsmesh.consensus.group.GroupTopicException;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.consensus.group.StoredGroup;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.node.internal.directory.KeyPackagePrivateKeys;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.storage.StoredGroupState;
import org.mlsmesh.node.storage.StoredKeyPackage;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.group.WelcomeProcessor;
import org.mlsmesh.protocol.message.EncryptedGroupSecrets;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Welcome;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The node's groups: starts a {@link GroupActor} for every group in storage, for every group the
 * application creates and for every Welcome that reaches this node, and routes commands to them.
 *
 * <p>Joining from a Welcome consumes the KeyPackage it was sent to and stores the joined group's
 * state in one transaction (RFC 9420 §16.8: a KeyPackage is used at most once); the directory hears
 * of it afterwards. An unusable Welcome is dropped, counted and logged.
 */
public final class GroupsActor extends AbstractBehavior<GroupsActor.Command> {
  private static final int GROUP_ID_LENGTH = 16;

  /** What the group registry is told. */
  public sealed interface Command {}

  /** Creates a one-member group; completes with its id once its state is stored. */
  public record CreateGroup(CompletableFuture<Bytes> result) implements Command {
    public CreateGroup {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Routes {@code command} to the group {@code groupId}; {@code result} (the command's own) fails
   * if there is no such group.
   */
  public record ToGroup(Bytes groupId, GroupActor.Command command, CompletableFuture<?> result)
      implements Command {
    public ToGroup {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(result, "result");
    }
  }

  /** The ids of the groups this node is a member of, in unsigned byte order. */
  public record ListGroups(CompletableFuture<List<Bytes>> result) implements Command {
    public ListGroups {
      Objects.requireNonNull(result, "result");
    }
  }

  /** Welcomes that could not be used since the start. */
  public record GetDroppedWelcomes(CompletableFuture<Long> result) implements Command {}

  private record FromPeer(GossipActor.DirectReceived received) implements Command {}

  private record GroupStopped(Bytes groupId) implements Command {}

  private final GroupDeps deps;
  private final Map<Bytes, ActorRef<GroupActor.Command>> groups = new LinkedHashMap<>();
  private long droppedWelcomes;

  private GroupsActor(ActorContext<Command> context, GroupDeps deps) {
    super(context);
    this.deps = deps;
    deps.gossip.tell(
        new GossipActor.SubscribeDirect(
            context.messageAdapter(GossipActor.DirectReceived.class, FromPeer::new)));
    for (Bytes groupId : deps.storage.groupStates().groupIds()) {
      try {
        Optional<StoredGroup> stored = GroupStore.load(deps.storage, groupId);
        if (stored.isPresent()) {
          start(groupId, GroupActor.restore(deps, stored.get()));
        }
      } catch (DecodeException | RuntimeException e) {
        getContext().getLog().error("cannot load group {}: {}", groupId.toHex(), e.toString());
      }
    }
  }

  public static Behavior<Command> create(GroupDeps deps) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new GroupsActor(context, deps)))
        .onFailure(RuntimeException.class, SupervisorStrategy.resume());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CreateGroup.class, this::onCreate)
        .onMessage(ToGroup.class, this::onToGroup)
        .onMessage(ListGroups.class, this::onList)
        .onMessage(
            GetDroppedWelcomes.class,
            m -> {
              m.result().complete(droppedWelcomes);
              return this;
            })
        .onMessage(FromPeer.class, this::onDirect)
        .onMessage(
            GroupStopped.class,
            m -> {
              groups.remove(m.groupId());
              deps.metrics.groupsNow(groups.size());
              return this;
            })
        .build();
  }

  private Behavior<Command> onCreate(CreateGroup m) {
    try {
      Bytes groupId = Bytes.wrap(deps.env.random().randomBytes(GROUP_ID_LENGTH));
      GroupState state =
          GroupState.create(
              deps.env,
              deps.keys.suite(),
              groupId,
              List.of(),
              deps.keys.mlsSignatureKey(),
              deps.keys.credential(),
              deps.clock.getAsLong());
      store(state);
      spawn(state, Optional.of(state.ownLeaf()));
      m.result().complete(groupId);
    } catch (RuntimeException e) {
      m.result().completeExceptionally(e);
    }
    return this;
  }

  private Behavior<Command> onToGroup(ToGroup m) {
    ActorRef<GroupActor.Command> group = groups.get(m.groupId());
    if (group == null) {
      m.result()
          .completeExceptionally(
              new IllegalArgumentException("not a member of group " + m.groupId().toHex()));
    } else {
      group.tell(m.command());
    }
    return this;
  }

  private Behavior<Command> onList(ListGroups m) {
    List<Bytes> ids = new ArrayList<>(groups.keySet());
    ids.sort(null);
    m.result().complete(List.copyOf(ids));
    return this;
  }

  private Behavior<Command> onDirect(FromPeer m) {
    Bytes payload = Bytes.wrap(m.received().payload().toByteArray());
    if (!GroupWire.isGroupDirect(payload)) {
      return this; // another subsystem's
    }
    PeerId from = m.received().source();
    try {
      Optional<Bytes> group = GroupWire.directGroup(payload);
      if (group.isPresent()) {
        ActorRef<GroupActor.Command> actor = groups.get(group.get());
        if (actor != null) {
          actor.tell(new GroupActor.FromPeer(from, payload));
        }
        return this;
      }
      GroupFrame.Welcome frame = (GroupFrame.Welcome) GroupWire.parseDirect(Bytes.EMPTY, payload);
      Welcome welcome = frame.message().welcome().orElseThrow();
      if (!namesOwnKeyPackage(welcome)) {
        // Most likely a Welcome re-sent because our acknowledgement was lost (its KeyPackage is
        // consumed): acknowledge again from every group the sender shares with us.
        droppedWelcomes++;
        groups.values().forEach(g -> g.tell(new GroupActor.WelcomeRepeated(from)));
        getContext().getLog().debug("a Welcome from {} for none of our KeyPackages", from);
        return this;
      }
      join(welcome, frame.inviterRecords(), from);
    } catch (GroupTopicException | DecodeException | ValidationException | RuntimeException e) {
      droppedWelcomes++;
      getContext().getLog().warn("dropped a group message from {}: {}", from, e.toString());
    }
    return this;
  }

  private boolean namesOwnKeyPackage(Welcome welcome) {
    for (EncryptedGroupSecrets secrets : welcome.secrets()) {
      if (deps.storage.keyPackages().find(secrets.newMember()).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** Joins with the first own KeyPackage the Welcome names (RFC 9420 §12.4.3.1). */
  private void join(
      Welcome welcome, Optional<ConsensusMessage.SignedBeacon> inviterRecords, PeerId from)
      throws DecodeException, ValidationException {
    for (EncryptedGroupSecrets secrets : welcome.secrets()) {
      Bytes ref = secrets.newMember();
      if (deps.storage.keyPackages().find(ref).isEmpty()) {
        continue;
      }
      StagedWelcome[] staged = new StagedWelcome[1];
      GroupState joined =
          deps.storage.computeInTransaction(
              tx -> {
                StoredKeyPackage kp =
                    tx.keyPackages()
                        .consume(ref)
                        .orElseThrow(() -> new IllegalStateException("KeyPackage vanished"));
                KeyPackagePrivateKeys keys = null;
                Secret bundle = kp.privateBundle();
                try {
                  KeyPackage keyPackage;
                  try {
                    keys = KeyPackagePrivateKeys.decode(bundle);
                    keyPackage = TlsReader.decodeAll(kp.info().keyPackage(), KeyPackage::decode);
                  } catch (DecodeException e) {
                    throw new IllegalStateException("stored KeyPackage: " + e.getMessage(), e);
                  }
                  staged[0] =
                      stage(
                          deps.env,
                          welcome,
                          keyPackage,
                          keys.initPrivateKey(),
                          keys.encryptionPrivateKey(),
                          deps.keys.mlsSignatureKey(),
                          Optional.empty(),
                          deps.clock.getAsLong());
                  int idLength = staged[0].groupId().length();
                  if (idLength == 0 || idLength > GroupId.MAX_LENGTH) {
                    staged[0].discard();
                    throw new IllegalArgumentException("a group id of " + idLength + " bytes");
                  }
                  if (groups.containsKey(staged[0].groupId())) {
                    staged[0].discard();
                    throw new IllegalStateException("already a member of this group");
                  }
                  GroupState state = staged[0].join();
                  putState(tx, state);
                  return state;
                } finally {
                  bundle.destroy();
                  kp.destroy();
                  if (keys != null) {
                    keys.destroy();
                  }
                }
              });
      deps.directory.tell(new DirectoryActor.OwnConsumed(ref));
      LeafIndex creator = staged[0].sender().index();
      start(
          joined.groupId(),
          GroupActor.create(deps, joined, Optional.of(creator), Optional.of(from), inviterRecords));
      return;
    }
    throw new IllegalArgumentException("the Welcome names none of this node's KeyPackages");
  }

  private static StagedWelcome stage(
      org.mlsmesh.protocol.group.GroupEnvironment env,
      Welcome welcome,
      KeyPackage keyPackage,
      Secret init,
      Secret encryption,
      org.mlsmesh.protocol.crypto.SignatureKeyPair signer,
      Optional<org.mlsmesh.protocol.tree.RatchetTreeNodes> tree,
      long now) {
    try {
      return WelcomeProcessor.stage(env, welcome, keyPackage, init, encryption, signer, tree, now);
    } catch (DecodeException | ValidationException e) {
      throw new IllegalArgumentException("unusable Welcome: " + e.getMessage(), e);
    }
  }

  private void store(GroupState state) {
    deps.storage.inTransaction(tx -> putState(tx, state));
  }

  private void putState(org.mlsmesh.node.storage.StorageOperations tx, GroupState state) {
    SavedGroupState saved = state.save();
    Secret secret = Secret.wrap(saved.exposeBytes());
    try {
      tx.groupStates()
          .put(
              new StoredGroupState(
                  state.groupId(), state.currentEpoch(), secret, deps.clock.getAsLong()));
    } finally {
      secret.destroy();
      saved.destroy();
    }
  }

  private void spawn(GroupState state, Optional<LeafIndex> creator) {
    start(state.groupId(), GroupActor.create(deps, state, creator, Optional.empty()));
  }

  private void start(Bytes groupId, Behavior<GroupActor.Command> behavior) {
    ActorRef<GroupActor.Command> ref = getContext().spawn(behavior, "group-" + groupId.toHex());
    getContext().watchWith(ref, new GroupStopped(groupId));
    groups.put(groupId, ref);
    deps.metrics.groupsNow(groups.size());
  }
}
