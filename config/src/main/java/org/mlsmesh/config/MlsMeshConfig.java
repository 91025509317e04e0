package org.mlsmesh.config;

import java.util.Objects;

/** The whole typed configuration of a node; grows a section per module. */
public record MlsMeshConfig(
    ProtocolConfig protocol, GossipConfig gossip, NodeConfig node, ForkChoiceSettings forkChoice) {
  public MlsMeshConfig {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(gossip, "gossip");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(forkChoice, "forkChoice");
  }
}
