package org.mlsmesh.node.storage;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The KeyPackages the directory knows to be claimed (handed out by this node, or withdrawn by their
 * owner), each remembered until a time, so that after a restart the node neither hands one out
 * again nor takes it back from a re-announcement.
 */
public interface ClaimStore {
  /** A claimed KeyPackage: its ref, its owner's identity, and until when it is remembered. */
  record Claim(Bytes ref, Bytes identity, long untilMillis) {}

  /** Remembers {@code ref} of {@code identity} until {@code untilMillis} (replacing an earlier). */
  void put(Bytes ref, Bytes identity, long untilMillis);

  /** The claims remembered beyond {@code nowMillis}, by ref. */
  List<Claim> listAfter(long nowMillis);

  /** Forgets the claims remembered until {@code nowMillis} or earlier; returns how many. */
  int pruneUntil(long nowMillis);
}
