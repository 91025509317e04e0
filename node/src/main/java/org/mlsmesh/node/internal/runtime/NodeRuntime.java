package org.mlsmesh.node.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.config.NodeConfig;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.node.MlsNodeListener;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.internal.group.GroupCommitter;
import org.mlsmesh.node.internal.group.GroupsActor;
import org.mlsmesh.node.internal.metrics.NodeMetrics;
import org.mlsmesh.node.storage.InMemoryNodeStorage;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.SqliteNodeStorage;
import org.mlsmesh.node.storage.StorageException;
import org.mlsmesh.node.storage.StoredIdentity;
import org.mlsmesh.protocol.codec.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: identity, storage, and the actors (gossip over TLS links, KeyPackage directory).
 * {@link #close} stops the actors, then closes the storage.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
  private static final Duration ASK = Duration.ofSeconds(10);

  private final ActorSystem<NodeGuardian.Command> system;
  private final NodeStorage storage;
  private final NodeKeys keys;
  private final String address;
  private final NodeMetrics metrics;
  private final GroupCommitter committer;

  private NodeRuntime(
      ActorSystem<NodeGuardian.Command> system,
      NodeStorage storage,
      GroupCommitter committer,
      NodeKeys keys,
      String address,
      NodeMetrics metrics) {
    this.system = system;
    this.storage = storage;
    this.committer = committer;
    this.keys = keys;
    this.address = address;
    this.metrics = metrics;
  }

  /**
   * Starts a node with the fork-choice settings of {@code config}. Fails, with what and where, when
   * the identity file or the storage cannot be used.
   */
  public static NodeRuntime start(MlsMeshConfig config)
      throws IdentityFileException, TimeoutException {
    return start(
        config, ForkChoiceSettingsMapping.forkChoice(config), event -> {}, Optional.empty());
  }

  /**
   * Starts a node whose groups use {@code forkChoice} and tell {@code listener} what happens in
   * them, and whose meters are registered in {@code registry} (none: nothing is recorded).
   */
  public static NodeRuntime start(
      MlsMeshConfig config,
      ForkChoiceConfig forkChoice,
      MlsNodeListener listener,
      Optional<MeterRegistry> registry)
      throws IdentityFileException, TimeoutException {
    NodeConfig node = config.node();
    ListenAddress.check(node.listenHost(), node.listenPort());
    NodeKeys keys = IdentityFile.read(node.identityFile());
    NodeMetrics metrics =
        registry
            .map(r -> NodeMetrics.of(r, HexFormat.of().formatHex(keys.peerId().toByteArray())))
            .orElseGet(NodeMetrics::none);
    NodeStorage storage = openStorage(node);
    // Group commit where a commit costs a sync; in memory, each transaction at once.
    GroupCommitter committer =
        node.storage().engine() == NodeConfig.StorageEngine.SQLITE
            ? GroupCommitter.batching("mlsmesh-storage-" + keys.peerId())
            : GroupCommitter.inline();
    ActorSystem<NodeGuardian.Command> system;
    try {
      rememberIdentity(storage, keys, node);
      NodeIdentity link = keys.linkIdentity(new SecureRandom());
      NodeStorage timed =
          metrics.enabled() ? new TimedStorage(storage, metrics.storageTransaction()) : storage;
      system =
          ActorSystem.create(
              NodeGuardian.create(
                  config, keys, link, timed, committer, forkChoice, listener, metrics),
              "mlsmesh-" + keys.peerId(),
              actorSystemConfig());
    } catch (RuntimeException e) {
      committer.close();
      storage.close();
      metrics.close();
      throw e;
    }
    NodeRuntime runtime = new NodeRuntime(system, storage, committer, keys, "", metrics);
    String address;
    try {
      // The guardian stops when the gossip actor cannot open its links: no need to wait the ask.
      Object first =
          CompletableFuture.anyOf(
                  runtime.gossipStatus().toCompletableFuture(),
                  system.getWhenTerminated().toCompletableFuture())
              .get(30, TimeUnit.SECONDS);
      if (!(first instanceof GossipActor.Status status)) {
        throw new IllegalStateException("the node stopped while starting (see the log)");
      }
      address = status.self().address();
    } catch (Exception e) {
      runtime.close();
      throw new TimeoutException("the gossip transport did not start: " + e.getMessage());
    }
    LOG.info(
        "node {} listening on {}", HexFormat.of().formatHex(keys.peerId().toByteArray()), address);
    return new NodeRuntime(system, storage, committer, keys, address, metrics);
  }

  /**
   * The actor system's configuration: {@code pekko.conf} next to this class (logging through SLF4J
   * only, no dead letters) over the application's own ({@code application.conf}, Pekko's defaults).
   */
  static Config actorSystemConfig() {
    return ConfigFactory.parseResources(NodeRuntime.class, "pekko.conf")
        .withFallback(ConfigFactory.load());
  }

  private static NodeStorage openStorage(NodeConfig node) {
    return switch (node.storage().engine()) {
      case SQLITE -> SqliteNodeStorage.open(node.storage().path());
      case MEMORY -> new InMemoryNodeStorage();
    };
  }

  /**
   * The storage keeps the identity it was created with; another one is refused, as a conflict that
   * names the database and the identity file.
   */
  private static void rememberIdentity(NodeStorage storage, NodeKeys keys, NodeConfig node) {
    Bytes publicKey = keys.mlsSignatureKey().publicKey();
    var stored = storage.identity().load();
    if (stored.isEmpty()) {
      storage
          .identity()
          .store(
              new StoredIdentity(
                  publicKey,
                  keys.mlsSignatureKey().privateKey(),
                  keys.credential().encoded(),
                  System.currentTimeMillis()));
    } else {
      boolean same = stored.get().signaturePublicKey().equals(publicKey);
      stored.get().destroy();
      if (!same) {
        throw new StorageException(
            StorageException.Kind.CONFLICT,
            node.storage().path()
                + ": the database belongs to another identity than "
                + node.identityFile()
                + " (peer id "
                + HexFormat.of().formatHex(keys.peerId().toByteArray())
                + "); start with the identity file it was created with, or another"
                + " mlsmesh.node.storage.path");
      }
    }
  }

  public NodeKeys keys() {
    return keys;
  }

  /** host:port the gossip transport listens on. */
  public String address() {
    return address;
  }

  /** The peer id and address as a pinned seed: {@code PEERIDHEX@host:port}. */
  public String pinnedAddress() {
    return HexFormat.of().formatHex(keys.peerId().toByteArray()) + "@" + address;
  }

  public CompletionStage<GossipActor.Status> gossipStatus() {
    return askGossip(GossipActor.GetStatus::new);
  }

  /** The gossip layer's view of one topic: roster (of a group's topic) and frames received. */
  public CompletionStage<GossipActor.TopicStatus> gossipTopic(String topic) {
    return askGossip(reply -> new GossipActor.GetTopic(topic, reply));
  }

  private <T> CompletionStage<T> askGossip(Function<ActorRef<T>, GossipActor.Command> question) {
    return AskPattern.ask(
        system, reply -> new NodeGuardian.ToGossip(question.apply(reply)), ASK, system.scheduler());
  }

  /** The number of messages dropped as undecodable Welcomes (see {@link GroupsActor}). */
  public CompletionStage<Long> droppedWelcomes() {
    CompletableFuture<Long> result = new CompletableFuture<>();
    tellGroups(new GroupsActor.GetDroppedWelcomes(result));
    return result;
  }

  /**
   * Cuts the gossip links to {@code peers} and refuses them until called again without them (an
   * empty set heals): see {@link GossipActor.BlockPeers}.
   */
  public void blockPeers(Set<PeerId> peers) {
    system.tell(new NodeGuardian.ToGossip(new GossipActor.BlockPeers(peers)));
  }

  /** Fetches and claims a KeyPackage of {@code identity} (a peer id's bytes). */
  public CompletionStage<DirectoryActor.FetchResult> fetchKeyPackage(Bytes identity) {
    return AskPattern.ask(
        system,
        reply -> new NodeGuardian.ToDirectory(new DirectoryActor.Fetch(identity, reply)),
        ASK,
        system.scheduler());
  }

  public CompletionStage<DirectoryActor.Status> directoryStatus() {
    return AskPattern.ask(
        system,
        reply -> new NodeGuardian.ToDirectory(new DirectoryActor.GetStatus(reply)),
        ASK,
        system.scheduler());
  }

  /** Tells the group registry {@code command}. */
  public void tellGroups(GroupsActor.Command command) {
    system.tell(new NodeGuardian.ToGroups(command));
  }

  /** Completes when the actors have stopped. */
  public CompletionStage<?> whenTerminated() {
    return system.getWhenTerminated();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("actors did not stop in time: {}", e.toString());
    } finally {
      committer.close();
      storage.close();
      metrics.close();
    }
  }
}
