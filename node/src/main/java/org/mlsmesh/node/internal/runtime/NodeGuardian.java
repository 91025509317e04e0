package org.mlsmesh.node.internal.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.node.MlsNodeListener;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.node.internal.directory.DirectoryRules;
import org.mlsmesh.node.internal.directory.DirectoryValidator;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.internal.group.GroupCommitter;
import org.mlsmesh.node.internal.group.GroupDeps;
import org.mlsmesh.node.internal.group.GroupTopicValidator;
import org.mlsmesh.node.internal.group.GroupsActor;
import org.mlsmesh.node.internal.metrics.NodeMetrics;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;

/**
 * The root of a node's actors: starts the gossip actor on its TLS links and the directory actor,
 * and the group registry, and routes the node's requests to them. Stops when the gossip actor stops
 * (its links could not be opened).
 */
final class NodeGuardian {
  public sealed interface Command {}

  /** Routed to the directory. */
  public record ToDirectory(DirectoryActor.Command command) implements Command {}

  /** Routed to the gossip actor. */
  public record ToGossip(GossipActor.Command command) implements Command {}

  /** Routed to the group registry. */
  public record ToGroups(GroupsActor.Command command) implements Command {}

  private NodeGuardian() {}

  /**
   * A guardian whose groups use {@code forkChoice} and tell {@code listener} what happens, and
   * whose actors move {@code metrics}.
   */
  public static Behavior<Command> create(
      MlsMeshConfig config,
      NodeKeys keys,
      NodeIdentity linkIdentity,
      NodeStorage storage,
      GroupCommitter committer,
      ForkChoiceConfig forkChoice,
      MlsNodeListener listener,
      NodeMetrics metrics) {
    return Behaviors.setup(
        context -> {
          DirectoryValidator directoryValidator =
              new DirectoryValidator(
                  config.node().directory().topic(),
                  new DirectoryRules(),
                  System::currentTimeMillis);
          // The engine asks only about topics the node subscribes to: the directory's, and each
          // group's from when its actor subscribes.
          GroupTopicValidator groupValidator = new GroupTopicValidator();
          Validator validator =
              (topic, id, payload, from) ->
                  GroupTopicValidator.isGroupTopic(topic)
                      ? groupValidator.validate(topic, id, payload, from)
                      : directoryValidator.validate(topic, id, payload, from);
          ActorRef<GossipActor.Command> gossip =
              context.spawn(
                  GossipActor.overNetty(
                      linkIdentity,
                      config.node().listenHost(),
                      config.node().listenPort(),
                      config.gossip(),
                      validator,
                      metrics),
                  "gossip");
          // Without its links a node is useless: it stops, and its start fails at once.
          context.watch(gossip);
          ActorRef<DirectoryActor.Command> directory =
              context.spawn(
                  DirectoryActor.create(
                      gossip,
                      storage,
                      keys,
                      config.node(),
                      new SecureEntropySource(),
                      System::currentTimeMillis),
                  "directory");
          ActorRef<GroupsActor.Command> groups =
              context.spawn(
                  GroupsActor.create(
                      new GroupDeps(
                          gossip,
                          directory,
                          storage,
                          keys,
                          groupEnvironment(config),
                          forkChoice,
                          config.gossip().retention(),
                          listener,
                          System::currentTimeMillis,
                          metrics,
                          committer)),
                  "groups");
          return Behaviors.receive(Command.class)
              .onMessage(
                  ToGroups.class,
                  m -> {
                    groups.tell(m.command());
                    return Behaviors.same();
                  })
              .onMessage(
                  ToDirectory.class,
                  m -> {
                    directory.tell(m.command());
                    return Behaviors.same();
                  })
              .onMessage(
                  ToGossip.class,
                  m -> {
                    gossip.tell(m.command());
                    return Behaviors.same();
                  })
              .onSignal(Terminated.class, t -> Behaviors.stopped())
              .build();
        });
  }

  /** How the node's groups judge credentials and KeyPackages, and their MLS settings. */
  static GroupEnvironment groupEnvironment(MlsMeshConfig config) {
    CredentialValidator credentials = BasicCredentialValidator.insecureAcceptingAnyIdentity();
    return new GroupEnvironment(
        GroupConfig.DEFAULT.withPastEpochs(config.protocol().pastEpochs()),
        credentials,
        new KeyPackageValidator(credentials, LifetimePolicy.DEFAULT),
        PskStore.none(),
        new SecureEntropySource());
  }
}
