package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.framing.WireFormat;

/**
 * Which wire formats a group accepts for proposals and Commits from its members (RFC 9420 §6,
 * §16.1: PrivateMessage hides the handshake from the Delivery Service, PublicMessage lets it follow
 * the group). Messages from non-members (external senders and joiners) are always PublicMessages
 * and are not affected; application data is always a PrivateMessage.
 */
public enum HandshakeWireFormats {
  PUBLIC_ONLY(1),
  PRIVATE_ONLY(2),
  BOTH(3);

  private final int code;

  HandshakeWireFormats(int code) {
    this.code = code;
  }

  /** The stable code of this setting in a saved group state. */
  int code() {
    return code;
  }

  /** The setting with {@code code}, if any. */
  static Optional<HandshakeWireFormats> ofCode(int code) {
    for (HandshakeWireFormats value : values()) {
      if (value.code == code) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Whether a member's handshake message in {@code format} is accepted. */
  public boolean accepts(WireFormat format) {
    return switch (this) {
      case PUBLIC_ONLY -> format == WireFormat.PUBLIC_MESSAGE;
      case PRIVATE_ONLY -> format == WireFormat.PRIVATE_MESSAGE;
      case BOTH -> format == WireFormat.PUBLIC_MESSAGE || format == WireFormat.PRIVATE_MESSAGE;
    };
  }
}
