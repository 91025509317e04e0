package org.mlsmesh.protocol.group;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.PreSharedKeyId;

/**
 * Where a client finds the pre-shared keys named in PreSharedKey proposals and Welcome messages
 * (RFC 9420 §8.4): external PSKs it was given, and resumption PSKs of groups it was in. A group's
 * own recent resumption PSKs are found by the group itself; the store is asked for the rest.
 */
@FunctionalInterface
public interface PskStore {
  /**
   * The PSK named by {@code id}; empty when unknown. The secret stays owned by the store: callers
   * do not destroy it.
   */
  Optional<Secret> find(PreSharedKeyId id);

  /** A store that knows no PSK. */
  static PskStore none() {
    return id -> Optional.empty();
  }

  /** External PSKs by {@code psk_id}; resumption PSKs are unknown. Copies the map, not secrets. */
  static PskStore external(Map<Bytes, Secret> byId) {
    Map<Bytes, Secret> copy = new TreeMap<>(byId);
    return id ->
        id.type() == PreSharedKeyId.PskType.EXTERNAL
            ? Optional.ofNullable(copy.get(id.pskId()))
            : Optional.empty();
  }

  /** This store, then {@code other} for the PSKs this one does not know. */
  default PskStore orElse(PskStore other) {
    return id -> {
      Optional<Secret> found = find(id);
      return found.isPresent() ? found : other.find(id);
    };
  }
}
