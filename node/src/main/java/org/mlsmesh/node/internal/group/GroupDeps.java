package org.mlsmesh.node.internal.group;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.group.GroupEngineSettings;
import org.mlsmesh.node.MlsNodeListener;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.internal.metrics.NodeMetrics;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.protocol.group.GroupEnvironment;

/** What every group actor of one node shares: the node's actors, storage, keys and settings. */
public final class GroupDeps {
  final ActorRef<GossipActor.Command> gossip;
  final ActorRef<DirectoryActor.Command> directory;
  final NodeStorage storage;
  final NodeKeys keys;
  final GroupEnvironment env;
  final ForkChoiceConfig forkChoice;

  /**
   * The gossip's retention: a message sent longer ago than this is a replay (retained messages for
   * a late subscriber, re-sends after a restart) and says nothing of the delivery delay.
   */
  final Duration gossipRetention;

  final MlsNodeListener listener;
  final LongSupplier clock;
  final NodeMetrics metrics;

  /** Commits the engines' transactions (in batches, over SQLite). */
  final GroupCommitter committer;

  /** What every group engine of this node shares. */
  final GroupEngineSettings settings;

  /** How often a member publishes its signed beacon. */
  static final Duration BEACON_INTERVAL = Duration.ofSeconds(5);

  public GroupDeps(
      ActorRef<GossipActor.Command> gossip,
      ActorRef<DirectoryActor.Command> directory,
      NodeStorage storage,
      NodeKeys keys,
      GroupEnvironment env,
      ForkChoiceConfig forkChoice,
      Duration gossipRetention,
      MlsNodeListener listener,
      LongSupplier clock,
      NodeMetrics metrics,
      GroupCommitter committer) {
    this.committer = Objects.requireNonNull(committer, "committer");
    this.gossip = Objects.requireNonNull(gossip, "gossip");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.env = Objects.requireNonNull(env, "env");
    this.forkChoice = Objects.requireNonNull(forkChoice, "forkChoice");
    this.gossipRetention = Objects.requireNonNull(gossipRetention, "gossipRetention");
    if (gossipRetention.isNegative() || gossipRetention.isZero()) {
      throw new IllegalArgumentException(
          "gossipRetention must be positive, got " + gossipRetention);
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.settings =
        new GroupEngineSettings(
            env,
            keys.mlsSignatureKey(),
            keys.credential(),
            forkChoice,
            gossipRetention.toMillis(),
            BEACON_INTERVAL.toMillis(),
            true);
  }
}
