package org.mlsmesh.consensus.mls;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * An application message that decrypted and authenticated in the epoch its header named: one
 * message, or a bundle of messages sent again together (see {@link AppContent}). The sender's
 * credential is the one its leaf had in that epoch.
 */
public record ReceivedApplication(
    LeafIndex sender, Credential senderCredential, List<AppContent> contents) {
  public ReceivedApplication {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(senderCredential, "senderCredential");
    contents = List.copyOf(contents);
    if (contents.isEmpty()) {
      throw new IllegalArgumentException("no application content");
    }
  }

  /** The first (for one message, the only) content. */
  public AppContent content() {
    return contents.get(0);
  }
}
