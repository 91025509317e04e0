package org.mlsmesh.protocol.schedule;

/** The two sender ratchets of each leaf of the secret tree (RFC 9420 §9). */
public enum RatchetType {
  /** Proposals and Commits. */
  HANDSHAKE("handshake"),
  /** Application messages. */
  APPLICATION("application");

  private final String label;

  RatchetType(String label) {
    this.label = label;
  }

  /** The ExpandWithLabel label that derives the ratchet's first secret from the leaf secret. */
  String label() {
    return label;
  }
}
