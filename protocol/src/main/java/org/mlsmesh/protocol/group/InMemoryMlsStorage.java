package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;

/**
 * {@link MlsStorage} in memory: for tests, simulations and applications that persist nothing. What
 * it replaces or deletes it destroys. Safe for use from several threads.
 */
public final class InMemoryMlsStorage implements MlsStorage {
  private final TreeMap<Bytes, KeyPackageBundle> keyPackages = new TreeMap<>();
  private final TreeMap<Bytes, SavedGroupState> groups = new TreeMap<>();

  @Override
  public synchronized void putKeyPackage(KeyPackageBundle keyPackage) {
    KeyPackageBundle old = keyPackages.put(keyPackage.ref().value(), keyPackage.copy());
    if (old != null) {
      old.destroy();
    }
  }

  @Override
  public synchronized Optional<KeyPackageBundle> keyPackage(KeyPackageRef ref) {
    return Optional.ofNullable(keyPackages.get(ref.value())).map(KeyPackageBundle::copy);
  }

  @Override
  public synchronized void deleteKeyPackage(KeyPackageRef ref) {
    KeyPackageBundle old = keyPackages.remove(ref.value());
    if (old != null) {
      old.destroy();
    }
  }

  @Override
  public synchronized void putGroupState(Bytes groupId, long epoch, SavedGroupState state) {
    byte[] bytes = state.exposeBytes();
    SavedGroupState old = groups.put(groupId, SavedGroupState.wrap(bytes));
    if (old != null) {
      old.destroy();
    }
  }

  @Override
  public synchronized Optional<SavedGroupState> groupState(Bytes groupId) {
    SavedGroupState state = groups.get(groupId);
    return state == null
        ? Optional.empty()
        : Optional.of(SavedGroupState.wrap(state.exposeBytes()));
  }

  @Override
  public synchronized void deleteGroupState(Bytes groupId) {
    SavedGroupState old = groups.remove(groupId);
    if (old != null) {
      old.destroy();
    }
  }

  @Override
  public synchronized List<Bytes> groupIds() {
    return List.copyOf(new ArrayList<>(groups.keySet()));
  }

  /** How many KeyPackages it keeps. */
  public synchronized int keyPackageCount() {
    return keyPackages.size();
  }

  @Override
  public String toString() {
    return "InMemoryMlsStorage["
        + keyPackageCount()
        + " KeyPackages, "
        + groupIds().size()
        + " groups]";
  }
}
