package org.mlsmesh.consensus.mls;

import java.util.Objects;

/** Peer input that breaks a rule of the mesh layer: the {@link MeshCode} and what was wrong. */
public final class MeshException extends Exception {
  private final MeshCode code;

  public MeshException(MeshCode code, String detail) {
    super(code.name() + " " + code.id() + " (" + code.section() + "): " + detail);
    this.code = Objects.requireNonNull(code, "code");
  }

  public MeshException(MeshCode code, String detail, Throwable cause) {
    super(code.name() + " " + code.id() + " (" + code.section() + "): " + detail, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public MeshCode code() {
    return code;
  }
}
