package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.tree.LeafIndex;

/** A member of the group: its leaf index and leaf node (credential, keys, capabilities). */
public record Member(LeafIndex index, LeafNode leafNode) {
  public Member {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(leafNode, "leafNode");
  }

  /** The member's credential (RFC 9420 §5.3). */
  public Credential credential() {
    return leafNode.credential();
  }

  /** Whether the member's credential is a basic one with {@code identity}. */
  boolean hasIdentity(Bytes identity) {
    return leafNode.credential() instanceof BasicCredential basic
        && basic.identity().equals(identity);
  }
}
