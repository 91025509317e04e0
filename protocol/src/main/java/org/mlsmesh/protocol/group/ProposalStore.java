package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The proposals of one epoch, by ProposalRef, in the order they arrived (RFC 9420 §12.4: a Commit
 * includes earlier proposals by reference). Also keeps the private leaf keys of this member's own
 * Update proposals, needed if someone commits them. Mutable; owned by one group state.
 */
final class ProposalStore {
  private final LinkedHashMap<ProposalRef, QueuedProposal> byRef = new LinkedHashMap<>();
  private final TreeMap<Bytes, Secret> ownUpdateKeys = new TreeMap<>();

  /** Stores {@code proposal}; the same proposal received twice is stored once. */
  void add(QueuedProposal proposal) {
    byRef.putIfAbsent(proposal.ref(), proposal);
  }

  Optional<QueuedProposal> get(ProposalRef ref) {
    return Optional.ofNullable(byRef.get(ref));
  }

  List<QueuedProposal> all() {
    return List.copyOf(new ArrayList<>(byRef.values()));
  }

  boolean isEmpty() {
    return byRef.isEmpty();
  }

  /** Remembers the private key of the new leaf of an Update proposal this member sent. */
  void addOwnUpdateKey(Bytes encryptionKey, Secret privateKey) {
    Secret old = ownUpdateKeys.put(encryptionKey, privateKey);
    if (old != null && old != privateKey) {
      old.destroy();
    }
  }

  /** The private key for the leaf encryption key of one of this member's Update proposals. */
  Optional<Secret> ownUpdateKey(Bytes encryptionKey) {
    return Optional.ofNullable(ownUpdateKeys.get(encryptionKey));
  }

  /** The private keys of own Update proposals by leaf encryption key; owned by the store. */
  SortedMap<Bytes, Secret> ownUpdateKeys() {
    return Collections.unmodifiableSortedMap(ownUpdateKeys);
  }

  /** An independent copy: the same proposals, copies of the own Update keys. */
  ProposalStore copy() {
    ProposalStore copy = new ProposalStore();
    copy.byRef.putAll(byRef);
    ownUpdateKeys.forEach((key, secret) -> copy.ownUpdateKeys.put(key, secret.copy()));
    return copy;
  }

  /** Erases the private keys of own Update proposals; the epoch is over. */
  void destroy() {
    ownUpdateKeys.values().forEach(Secret::destroy);
    ownUpdateKeys.clear();
  }

  @Override
  public String toString() {
    return "ProposalStore[" + byRef.size() + " proposals]";
  }
}
