package org.mlsmesh.node;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.internal.group.GroupActor;
import org.mlsmesh.node.internal.group.GroupsActor;
import org.mlsmesh.node.internal.runtime.ForkChoiceSettingsMapping;
import org.mlsmesh.node.internal.runtime.NodeRuntime;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * An MLS Mesh node embedded in an application: a peer of the gossip overlay with its own identity
 * and storage, member of any number of MLS groups (RFC 9420) kept consistent by the fork choice.
 *
 * <p>Every operation returns a {@link CompletionStage}; what happens in the groups (messages,
 * members joining and leaving, epochs, forks) arrives as {@link MlsNodeEvent}s through {@link
 * #addListener} or {@link #events()}. Groups are named by {@link GroupId}, members by {@link
 * MemberId}: a node's MLS identity is its peer id's bytes ({@link #identity()}), and invitations
 * fetch the invitee's KeyPackage through the serverless directory.
 *
 * <p>Safe for use from several threads. {@link #close()} stops the node; its storage keeps the
 * groups, so a node started again on the same storage file is a member of them again and catches up
 * from its peers.
 */
public final class MlsNode implements AutoCloseable {
  private final NodeRuntime runtime;
  private final List<MlsNodeListener> listeners;
  private final SubmissionPublisher<MlsNodeEvent> publisher;
  private final ApiDeadline deadline = new ApiDeadline();

  /**
   * How long an operation that waits for a Commit may take before it fails with a {@link
   * TimeoutException}, unless it takes its own timeout.
   */
  public static final Duration API_TIMEOUT = Duration.ofMinutes(5);

  private MlsNode(
      NodeRuntime runtime,
      List<MlsNodeListener> listeners,
      SubmissionPublisher<MlsNodeEvent> publisher) {
    this.runtime = runtime;
    this.listeners = listeners;
    this.publisher = publisher;
  }

  /**
   * Starts a node from {@code config}, fork-choice settings included ({@code mlsmesh.fork-choice}).
   *
   * @throws IdentityFileException when the identity file named by the config cannot be used
   * @throws TimeoutException when the gossip transport did not start
   * @throws org.mlsmesh.config.ConfigException when the listen address is in use or is not an
   *     address of this machine
   * @throws org.mlsmesh.node.storage.StorageException when the database cannot be used, is open to
   *     others than its owner, or belongs to another identity
   */
  public static MlsNode start(MlsMeshConfig config) throws IdentityFileException, TimeoutException {
    return builder(config).start();
  }

  /**
   * Starts a node from {@code config}; its groups settle competing Commits with {@code forkChoice}
   * instead of the config's {@code mlsmesh.fork-choice} settings.
   *
   * @throws IdentityFileException when the identity file named by the config cannot be used
   * @throws TimeoutException when the gossip transport did not start
   * @throws org.mlsmesh.config.ConfigException when the listen address is in use or is not an
   *     address of this machine
   * @throws org.mlsmesh.node.storage.StorageException when the database cannot be used, is open to
   *     others than its owner, or belongs to another identity
   */
  public static MlsNode start(MlsMeshConfig config, ForkChoiceConfig forkChoice)
      throws IdentityFileException, TimeoutException {
    return builder(config).forkChoice(forkChoice).start();
  }

  /**
   * A node to start from {@code config}, with what a config cannot hold: fork-choice settings built
   * in code, a registry for the node's meters.
   */
  public static Builder builder(MlsMeshConfig config) {
    return new Builder(config);
  }

  /** How to start a node: {@link MlsNode#builder}, then {@link #start()}. */
  public static final class Builder {
    private final MlsMeshConfig config;
    private ForkChoiceConfig forkChoice;
    private Optional<MeterRegistry> meterRegistry = Optional.empty();
    private final List<MlsNodeListener> listeners = new ArrayList<>();

    private Builder(MlsMeshConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The groups settle competing Commits with {@code forkChoice} instead of the config's {@code
     * mlsmesh.fork-choice} settings.
     */
    public Builder forkChoice(ForkChoiceConfig forkChoice) {
      this.forkChoice = Objects.requireNonNull(forkChoice, "forkChoice");
      return this;
    }

    /**
     * Registers the node's meters (Micrometer: links, frames and bytes, groups, epochs, forks,
     * deliveries, delays; listed in {@code docs/embedding.md}) in {@code registry}, each tagged
     * {@code node} with this node's peer id in hex. Without a registry nothing is recorded.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Optional.of(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /**
     * Adds a listener that is called from the node's start on, so that it misses none of the events
     * of groups restored from storage (a listener added after {@link #start()} may).
     */
    public Builder listener(MlsNodeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Starts the node.
     *
     * @throws IdentityFileException when the identity file named by the config cannot be used
     * @throws TimeoutException when the gossip transport did not start
     * @throws org.mlsmesh.config.ConfigException when the listen address is in use or is not an
     *     address of this machine
     * @throws org.mlsmesh.node.storage.StorageException when the database cannot be used, is open
     *     to others than its owner, or belongs to another identity
     */
    public MlsNode start() throws IdentityFileException, TimeoutException {
      ForkChoiceConfig choice =
          forkChoice != null ? forkChoice : ForkChoiceSettingsMapping.forkChoice(config);
      return MlsNode.start(config, choice, meterRegistry, listeners);
    }
  }

  private static MlsNode start(
      MlsMeshConfig config,
      ForkChoiceConfig forkChoice,
      Optional<MeterRegistry> meterRegistry,
      List<MlsNodeListener> initialListeners)
      throws IdentityFileException, TimeoutException {
    List<MlsNodeListener> listeners = new CopyOnWriteArrayList<>(initialListeners);
    SubmissionPublisher<MlsNodeEvent> publisher = new SubmissionPublisher<>();
    MlsNodeListener fanOut =
        event -> {
          for (MlsNodeListener l : listeners) {
            l.onEvent(event);
          }
          publisher.submit(event);
        };
    return new MlsNode(
        NodeRuntime.start(config, forkChoice, fanOut, meterRegistry), listeners, publisher);
  }

  /** This node's MLS identity: its peer id's bytes. Others invite it by this. */
  public MemberId identity() {
    return MemberId.of(runtime.keys().mlsIdentity());
  }

  /** The address to give other nodes as a seed: {@code PEERIDHEX@host:port}. */
  public String pinnedAddress() {
    return runtime.pinnedAddress();
  }

  /** The {@code host:port} this node's gossip transport listens on. */
  public String address() {
    return runtime.address();
  }

  /**
   * Completes when the node has stopped: after {@link #close()}, or when its actors stopped on
   * their own (a failure, logged).
   */
  public CompletionStage<Void> whenStopped() {
    return runtime.whenTerminated().thenApply(done -> null);
  }

  /** Adds a listener for every later event. */
  public void addListener(MlsNodeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The events as a {@link Flow.Publisher}; a subscriber sees the events after it subscribed. */
  public Flow.Publisher<MlsNodeEvent> events() {
    return publisher;
  }

  /** Creates a group with this node as its only member; completes with the group's id. */
  public CompletionStage<GroupId> createGroup() {
    CompletableFuture<Bytes> result = new CompletableFuture<>();
    runtime.tellGroups(new GroupsActor.CreateGroup(result));
    return result.thenApply(GroupId::of);
  }

  /**
   * Invites the node {@code invitee} into the group, within {@link #API_TIMEOUT}: see {@link
   * #invite(GroupId, MemberId, Duration)}.
   */
  public CompletionStage<MembershipChange> invite(GroupId groupId, MemberId invitee) {
    return invite(groupId, invitee, API_TIMEOUT);
  }

  /**
   * Invites the node {@code invitee} into the group: fetches one of its KeyPackages through the
   * directory, commits an Add and, once the Commit is final, sends the invitee its Welcome.
   * Completes when the invitee joined: it acknowledged the Welcome, spoke in the group, or
   * published its beacon (every few seconds) in the epoch its Add made or a later one. When another
   * member's Commit added the invitee first, the invitee joins by that member's Welcome: the
   * invitation completes when the invitee spoke or its beacon arrived, with {@link
   * MembershipChange#byThisMember()} false.
   *
   * <p>Fails with a {@link TimeoutException} naming the step it waited for (the KeyPackage, the
   * Commit, the invitee's join) when not done within {@code timeout}, with a {@link
   * RemovedFromGroupException} when this member was removed meanwhile, and with an {@link
   * IllegalStateException} when the directory has no KeyPackage of the invitee or every attempt at
   * the Commit lost its race.
   */
  public CompletionStage<MembershipChange> invite(
      GroupId groupId, MemberId invitee, Duration timeout) {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(invitee, "invitee");
    requirePositive(timeout);
    CompletableFuture<MembershipChange> result = new CompletableFuture<>();
    GroupActor.Progress progress = new GroupActor.Progress("a KeyPackage of the invitee");
    runtime
        .fetchKeyPackage(invitee.bytes())
        .whenComplete(
            (found, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else if (!(found instanceof DirectoryActor.Found f)) {
                result.completeExceptionally(
                    new IllegalStateException("no KeyPackage of " + invitee + ": " + found));
              } else if (!result.isDone()) {
                progress.now("the Commit of its Add to be final");
                toGroup(
                    groupId,
                    new GroupActor.Invite(invitee.bytes(), f.keyPackage(), result, progress),
                    result);
              }
            });
    return deadline.within(
        result,
        timeout,
        () -> "invite of " + invitee + " to group " + groupId + " (waiting for " + progress + ")");
  }

  /**
   * Removes the member {@code member} from the group; completes when it is out in a final epoch, by
   * this member's Commit or another's ({@link MembershipChange#byThisMember()}). Fails with a
   * {@link RemovedFromGroupException} when this member was removed first, and with an {@link
   * IllegalStateException} when {@code member} is not in the group.
   */
  public CompletionStage<MembershipChange> remove(GroupId groupId, MemberId member) {
    CompletableFuture<MembershipChange> result = new CompletableFuture<>();
    toGroup(groupId, new GroupActor.RemoveMember(member.bytes(), result), result);
    return deadline.within(
        result,
        API_TIMEOUT,
        () ->
            "removal of "
                + member
                + " from group "
                + groupId
                + " (waiting for its Commit to be final)");
  }

  /**
   * Commits an update of this member's own leaf and path: fresh keys for post-compromise security
   * (RFC 9420 §12.4). Completes when the Commit is final.
   */
  public CompletionStage<Void> update(GroupId groupId) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    toGroup(groupId, new GroupActor.Update(result), result);
    return deadline.within(
        result,
        API_TIMEOUT,
        () -> "update in group " + groupId + " (waiting for its Commit to be final)");
  }

  /**
   * Leaves the group: proposes this member's removal, which another member commits (RFC 9420
   * §12.1.3). Completes when the removal arrived; the node then forgets the group.
   */
  public CompletionStage<Void> leave(GroupId groupId) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    toGroup(groupId, new GroupActor.Leave(result), result);
    return deadline.within(
        result,
        API_TIMEOUT,
        () ->
            "leaving group "
                + groupId
                + " (waiting for another member's Commit that removes this one)");
  }

  /**
   * Sends {@code payload} to the group's members, encrypted in the current epoch (RFC 9420 §6.3).
   * Completes with the message's id once it is stored and handed to gossip. {@code payload} is
   * copied: the caller may reuse the array.
   */
  public CompletionStage<MessageId> send(GroupId groupId, byte[] payload) {
    CompletableFuture<Bytes> result = new CompletableFuture<>();
    toGroup(groupId, new GroupActor.Send(Bytes.of(payload), result), result);
    return deadline
        .within(result, API_TIMEOUT, () -> "send to group " + groupId)
        .thenApply(MessageId::of);
  }

  /** The groups this node is a member of. */
  public CompletionStage<List<GroupId>> groups() {
    CompletableFuture<List<Bytes>> result = new CompletableFuture<>();
    runtime.tellGroups(new GroupsActor.ListGroups(result));
    return result.thenApply(ids -> ids.stream().map(GroupId::of).toList());
  }

  /** The identities of the group's members in its current epoch. */
  public CompletionStage<List<MemberId>> members(GroupId groupId) {
    return status(groupId).thenApply(GroupStatus::members);
  }

  /** The group's epoch, epoch authenticator, members and counters. */
  public CompletionStage<GroupStatus> status(GroupId groupId) {
    CompletableFuture<GroupStatus> result = new CompletableFuture<>();
    toGroup(groupId, new GroupActor.GetStatus(result), result);
    return result;
  }

  /**
   * The node's gossip-layer counters: peers linked, invalid frames, rejected messages, bans,
   * refused TLS handshakes, retained messages and dropped Welcomes. Per-group counters are in
   * {@link #status(GroupId)}.
   */
  public CompletionStage<NodeStatus> status() {
    return runtime
        .gossipStatus()
        .thenCombine(
            runtime.droppedWelcomes(),
            (gossip, welcomes) ->
                new NodeStatus(
                    gossip.activeView().size(),
                    gossip.invalidFrames(),
                    gossip.rejected(),
                    gossip.bans(),
                    gossip.refusedHandshakes(),
                    gossip.refusedInputs(),
                    gossip.delivered(),
                    gossip.retainedMessages(),
                    welcomes));
  }

  /**
   * The nodes this node is linked to and gossips with now (the gossip active view), by identity;
   * their number is {@link NodeStatus#peersLinked()}.
   */
  public CompletionStage<List<MemberId>> linkedPeers() {
    return runtime
        .gossipStatus()
        .thenApply(
            gossip ->
                gossip.activeView().stream()
                    .map(peer -> MemberId.of(Bytes.of(peer.toByteArray())))
                    .toList());
  }

  /**
   * Cuts this node's links to the nodes {@code nodes} and refuses them until called again without
   * them; an empty list heals. A network partition on demand, for demos and tests: nothing else
   * changes, and after the heal the gossip layer links up again and carries across what either side
   * missed.
   *
   * @throws IllegalArgumentException when one of them is no node's identity ({@link
   *     MemberId#isNode()})
   */
  public void blockPeers(Collection<MemberId> nodes) {
    Set<PeerId> peers = new LinkedHashSet<>();
    for (MemberId node : nodes) {
      if (!node.isNode()) {
        throw new IllegalArgumentException("not a node's identity: " + node);
      }
      peers.add(PeerId.fromBytes(node.bytes().toByteArray()));
    }
    runtime.blockPeers(peers);
  }

  /**
   * The gossip layer's view of the group's topic: the roster it is carried among and the frames of
   * it this node received (none at a node outside the group). For tests.
   */
  CompletionStage<GossipActor.TopicStatus> groupTopic(GroupId groupId) {
    return runtime.gossipTopic(GroupWire.topic(groupId.bytes()));
  }

  private void toGroup(GroupId groupId, GroupActor.Command command, CompletableFuture<?> result) {
    runtime.tellGroups(new GroupsActor.ToGroup(groupId.bytes(), command, result));
  }

  private static void requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** Stops the node's actors and closes its storage. */
  @Override
  public void close() {
    runtime.close();
    publisher.close();
    deadline.close();
  }
}
