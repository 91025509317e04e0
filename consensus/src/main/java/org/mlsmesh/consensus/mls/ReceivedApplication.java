package org.mlsmesh.consensus.mls;

import java.util.Objects;
import org.mlsmesh.protocol.tree.LeafIndex;

/** An application message that decrypted and authenticated in the epoch its header named. */
public record ReceivedApplication(LeafIndex sender, AppContent content) {
  public ReceivedApplication {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(content, "content");
  }
}
