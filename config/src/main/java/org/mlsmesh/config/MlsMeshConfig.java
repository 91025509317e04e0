package org.mlsmesh.config;

import java.util.Objects;

/** The whole typed configuration of a node; grows a section per module. */
public record MlsMeshConfig(ProtocolConfig protocol) {
  public MlsMeshConfig {
    Objects.requireNonNull(protocol, "protocol");
  }
}
