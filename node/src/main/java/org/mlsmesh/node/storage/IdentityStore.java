package org.mlsmesh.node.storage;

import java.util.Optional;

/** The node's one long-term identity. */
public interface IdentityStore {
  /**
   * Stores the identity.
   *
   * @throws StorageException of kind {@link StorageException.Kind#CONFLICT} if one is already
   *     stored: an identity is never replaced, since peers know the node by it
   */
  void store(StoredIdentity identity);

  Optional<StoredIdentity> load();
}
