package org.mlsmesh.protocol.group;

import org.mlsmesh.protocol.framing.WireFormat;

/**
 * Which wire formats a group accepts for proposals and Commits from its members (RFC 9420 §6,
 * §16.1: PrivateMessage hides the handshake from the Delivery Service, PublicMessage lets it follow
 * the group). Messages from non-members (external senders and joiners) are always PublicMessages
 * and are not affected; application data is always a PrivateMessage.
 */
public enum HandshakeWireFormats {
  PUBLIC_ONLY,
  PRIVATE_ONLY,
  BOTH;

  /** Whether a member's handshake message in {@code format} is accepted. */
  public boolean accepts(WireFormat format) {
    return switch (this) {
      case PUBLIC_ONLY -> format == WireFormat.PUBLIC_MESSAGE;
      case PRIVATE_ONLY -> format == WireFormat.PRIVATE_MESSAGE;
      case BOTH -> format == WireFormat.PUBLIC_MESSAGE || format == WireFormat.PRIVATE_MESSAGE;
    };
  }
}
