package org.mlsmesh.consensus.group;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What a member remembers of rejoins, stored with the final Commits' records so that a restart
 * keeps it: since which epoch it owes rejoiners the messages it sent (once its own branch is back
 * on the survivor), its last rejoin (the epochs it never had), and the members that asked to leave,
 * with when (removed again after a rejoin).
 *
 * @param owedSince the epoch owed from, or -1
 * @param lastRejoinEpoch the epoch its last rejoin made, or -1
 * @param lastRejoinSince the epoch its last rejoin shared with the survivor, or -1
 * @param departed identity of a member that asked to leave, to the time it was seen asking
 */
record RejoinNotes(
    long owedSince, long lastRejoinEpoch, long lastRejoinSince, Map<Bytes, Long> departed) {
  static final RejoinNotes NONE = new RejoinNotes(-1, -1, -1, new LinkedHashMap<>());

  RejoinNotes {
    Objects.requireNonNull(departed, "departed");
    departed = new LinkedHashMap<>(departed);
  }

  @Override
  public Map<Bytes, Long> departed() {
    return new LinkedHashMap<>(departed);
  }
}
