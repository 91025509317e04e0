package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** Published KeyPackages and their private keys, by KeyPackageRef. */
public interface KeyPackageStore {
  /**
   * Stores a newly generated KeyPackage.
   *
   * @throws StorageException of kind {@link StorageException.Kind#CONFLICT} if its ref is stored
   */
  void add(StoredKeyPackage keyPackage);

  /**
   * Takes the KeyPackage named {@code ref} to join a group with it: returns it with its private
   * bundle and, unless it is last-resort, deletes it in the same step, so a single-use KeyPackage
   * is used at most once (RFC 9420 §16.8). Consume it in the transaction that stores the joined
   * group's state.
   */
  Optional<StoredKeyPackage> consume(Bytes ref);

  /** The public part of the KeyPackage named {@code ref}, without consuming it. */
  Optional<KeyPackageInfo> find(Bytes ref);

  /** Deletes the KeyPackage named {@code ref} (for example once expired); false if absent. */
  boolean delete(Bytes ref);

  /** Every stored KeyPackage's public part, oldest first (by creation time, then ref). */
  List<KeyPackageInfo> list();

  /** How many single-use (not last-resort) KeyPackages are left to hand out. */
  int countSingleUse();
}
