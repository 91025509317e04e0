package org.mlsmesh.node.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * A sorted in-memory table whose every change is recorded in an {@link UndoLog}. Sorted, so that
 * iteration is deterministic; values that hold secrets are destroyed once the transaction that
 * replaced or deleted them commits.
 */
final class JournaledMap<K, V> {
  private final TreeMap<K, V> map;
  private final UndoLog log;

  JournaledMap(Comparator<? super K> order, UndoLog log) {
    this.map = new TreeMap<>(order);
    this.log = log;
  }

  Optional<V> get(K key) {
    return Optional.ofNullable(map.get(key));
  }

  boolean containsKey(K key) {
    return map.containsKey(key);
  }

  void put(K key, V value) {
    V previous = map.put(key, value);
    if (previous == null) {
      log.record(() -> map.remove(key));
    } else {
      log.record(() -> map.put(key, previous));
      log.afterCommit(() -> destroy(previous));
    }
  }

  boolean remove(K key) {
    V previous = map.remove(key);
    if (previous == null) {
      return false;
    }
    log.record(() -> map.put(key, previous));
    log.afterCommit(() -> destroy(previous));
    return true;
  }

  /** Removes every entry that matches; returns how many. */
  int removeIf(BiPredicate<? super K, ? super V> matches) {
    List<K> doomed = new ArrayList<>();
    map.forEach(
        (key, value) -> {
          if (matches.test(key, value)) {
            doomed.add(key);
          }
        });
    doomed.forEach(this::remove);
    return doomed.size();
  }

  /** A read-only view in key order, for range queries. */
  NavigableMap<K, V> view() {
    return Collections.unmodifiableNavigableMap(map);
  }

  /** Destroys every value that holds a secret and empties the table; not journaled. */
  void destroyAll() {
    map.values().forEach(JournaledMap::destroy);
    map.clear();
  }

  private static void destroy(Object value) {
    if (value instanceof Destroyable) {
      try {
        ((Destroyable) value).destroy();
      } catch (DestroyFailedException e) {
        throw new IllegalStateException("cannot destroy " + value.getClass().getSimpleName(), e);
      }
    }
  }
}
