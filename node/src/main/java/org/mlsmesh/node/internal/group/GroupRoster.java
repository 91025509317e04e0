package org.mlsmesh.node.internal.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.group.GroupEngine;
import org.mlsmesh.consensus.group.Members;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.group.GroupState;

/**
 * The peers a group's gossip topic is carried among ({@code GossipActor.SetGroup}): an MLS member's
 * identity is its node's peer id, so the roster is the members of the head epoch together with
 * those of the newest final epoch. Around an epoch change the two differ: a member removed by a
 * Commit that is not final yet still gets the group's frames (the Commit may lose to a sibling and
 * be rolled back), and a member added by it gets them already (they wait at its node until its
 * Welcome, released once the Commit is final, subscribes it: see {@code Broadcast#subscribe}). So
 * members whose rosters differ for a moment each reach the others, at the cost of a few frames to a
 * member on its way out. Addresses are left to the gossip engine, which knows them from its
 * membership (see {@code GroupTopics}).
 */
final class GroupRoster {
  private EpochId head;
  private EpochId settled;
  private List<PeerId> declared = List.of();

  /**
   * The roster of {@code engine}'s group when it changed since the last one returned (the first
   * call always returns one); empty when it did not or the engine stopped.
   */
  Optional<List<Peer>> changed(GroupEngine engine) {
    if (engine.stopped()
        || (engine.headEpoch().equals(head) && engine.finalEpoch().equals(settled))) {
      return Optional.empty();
    }
    head = engine.headEpoch();
    settled = engine.finalEpoch();
    TreeSet<PeerId> ids = new TreeSet<>();
    addMembers(engine.head(), ids);
    engine.retained(settled).ifPresent(state -> addMembers(state, ids));
    List<PeerId> roster = List.copyOf(ids);
    if (roster.equals(declared)) {
      return Optional.empty();
    }
    declared = roster;
    List<Peer> peers = new ArrayList<>(roster.size());
    for (PeerId id : roster) {
      peers.add(new Peer(id, ""));
    }
    return Optional.of(peers);
  }

  private static void addMembers(GroupState state, TreeSet<PeerId> ids) {
    for (Bytes identity : Members.identities(state)) {
      if (identity.length() == PeerId.LENGTH) {
        ids.add(PeerId.fromBytes(identity.toByteArray()));
      }
    }
  }
}
