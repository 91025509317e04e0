package org.mlsmesh.protocol.group;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;

/**
 * Where a client keeps its KeyPackage private keys and its group states, so the application need
 * not save, load or hold them itself. Plug one in with {@link GroupEnvironment#withStorage}: a
 * state of that environment writes itself after every change that must outlive a restart (a message
 * key consumed, a proposal queued, a Commit created or merged), and joining from a Welcome takes
 * the KeyPackage from here and deletes it once used (RFC 9420 §16.8), unless it is a last resort
 * one.
 *
 * <p>Everything passed in holds secrets: an implementation copies what it keeps (the caller
 * destroys its own holders), stores it encrypted at rest if the medium needs it, never logs it, and
 * hands out fresh holders that the caller destroys. A write replaces what it replaces completely: a
 * deleted or replaced state must not be recoverable from the implementation's own memory. Failures
 * are unchecked exceptions of the implementation's choosing (storage is not peer input). Calls come
 * from the owner of the group states, one at a time per state.
 */
public interface MlsStorage {
  /** Keeps a KeyPackage with its private keys until a Welcome for it arrives. */
  void putKeyPackage(KeyPackageBundle keyPackage);

  /** A fresh copy of the KeyPackage named {@code ref} with its private keys; empty if unknown. */
  Optional<KeyPackageBundle> keyPackage(KeyPackageRef ref);

  /** Forgets the KeyPackage named {@code ref} and its private keys; nothing if unknown. */
  void deleteKeyPackage(KeyPackageRef ref);

  /** Stores the state of group {@code groupId} in {@code epoch}, replacing the previous one. */
  void putGroupState(Bytes groupId, long epoch, SavedGroupState state);

  /** A fresh copy of the stored state of group {@code groupId}; empty if none. */
  Optional<SavedGroupState> groupState(Bytes groupId);

  /** Forgets the state of group {@code groupId}; nothing if none. */
  void deleteGroupState(Bytes groupId);

  /** The ids of the groups with a stored state, in unsigned byte order. */
  List<Bytes> groupIds();
}
