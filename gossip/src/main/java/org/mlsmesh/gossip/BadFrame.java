package org.mlsmesh.gossip;

/** A frame that parsed but breaks a rule of the protocol; its sender is penalized. */
final class BadFrame extends Exception {
  private static final long serialVersionUID = 1L;

  BadFrame(String reason) {
    super(reason, null, false, false);
  }
}
