package org.mlsmesh.protocol.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.PreSharedKeyId;

/**
 * The resumption PSK that links a new group to the group it continues (RFC 9420 §11.2 reinit, §11.3
 * branch), injected by the new group's first Commit. Does not own the secret.
 */
final class LinkingPsk {
  private final PreSharedKeyId id;
  private final Secret secret;

  LinkingPsk(PreSharedKeyId id, Secret secret) {
    this.id = Objects.requireNonNull(id, "id");
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  PreSharedKeyId id() {
    return id;
  }

  /** A store that knows only this PSK. */
  PskStore asStore() {
    return other -> other.equals(id) ? Optional.of(secret) : Optional.empty();
  }

  @Override
  public String toString() {
    return "LinkingPsk[" + id + ", secret redacted]";
  }
}
