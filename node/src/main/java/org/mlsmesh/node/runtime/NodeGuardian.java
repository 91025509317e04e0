package org.mlsmesh.node.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.node.directory.DirectoryActor;
import org.mlsmesh.node.directory.DirectoryRules;
import org.mlsmesh.node.directory.DirectoryValidator;
import org.mlsmesh.node.gossip.GossipActor;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * The root of a node's actors: starts the gossip actor on its TLS links and the directory actor,
 * and routes the node's requests to them. Group actors join here later.
 */
public final class NodeGuardian {
  public sealed interface Command {}

  /** Routed to the directory. */
  public record ToDirectory(DirectoryActor.Command command) implements Command {}

  /** Routed to the gossip actor. */
  public record ToGossip(GossipActor.Command command) implements Command {}

  private NodeGuardian() {}

  public static Behavior<Command> create(
      MlsMeshConfig config, NodeKeys keys, NodeIdentity linkIdentity, NodeStorage storage) {
    return Behaviors.setup(
        context -> {
          DirectoryValidator validator =
              new DirectoryValidator(
                  config.node().directory().topic(),
                  new DirectoryRules(),
                  System::currentTimeMillis);
          ActorRef<GossipActor.Command> gossip =
              context.spawn(
                  GossipActor.overNetty(
                      linkIdentity,
                      config.node().listenHost(),
                      config.node().listenPort(),
                      config.gossip(),
                      validator),
                  "gossip");
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
          return Behaviors.receive(Command.class)
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
              .build();
        });
  }
}
