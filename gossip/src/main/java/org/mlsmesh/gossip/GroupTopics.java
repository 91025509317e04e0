package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * Group topics: a topic whose members the application named ({@link Input.SetGroup}, from the
 * group's roster) is carried only among them, never over the global overlay.
 *
 * <p>Every member orders the roster by peer id. A message travels from its publisher (the origin,
 * named in each frame) down a tree of fan-out {@value #FANOUT} over that order rotated to start at
 * the origin: the member at position {@code p} pushes to positions {@code FANOUT·p+1 ..
 * FANOUT·p+FANOUT}, so a group of up to {@code FANOUT + 1} members gets each message in one hop and
 * a group of 73 in two. Each member that gets a new message also announces its id (IHAVE) to its
 * grandchildren in the tree and to the next {@value #ANNOUNCE_TO} positions after its own, which
 * lie in another branch: a member whose push was lost pulls the message from them, and the children
 * of a crashed member all pull it from their grandparent at once. Anti-entropy of a group topic
 * runs with a random member. Rosters that differ for a moment (an epoch change) only cost
 * duplicates or pulls.
 *
 * <p>A member named without an address (the application knows its peer id only, as a node knows the
 * members of its MLS groups) is reached at the address the membership knows for that id when it
 * sends (linked peers, the passive view, peers named in JOIN, NEIGHBOR and shuffle frames); the
 * last one found is kept for the roster, since the membership forgets peers. A member whose address
 * no one knows is reached only over a connection it opened (its own pushes, pulls and digests) and
 * otherwise pulls what it missed from the members it can reach.
 */
final class GroupTopics {
  static final int FANOUT = 8;
  static final int ANNOUNCE_TO = 2;

  /** More members than any MLS group this node would run (the ratchet tree bounds it first). */
  static final int MAX_MEMBERS = 65_536;

  private final Peer self;
  private final Outbox out;
  private final long lazyDelayMillis;
  private final Function<PeerId, Peer> addresses;
  private final LinkedHashMap<String, Roster> rosters = new LinkedHashMap<>();

  /** IHAVE announcements waiting for the next flush, per member and topic. */
  private final LinkedHashMap<Peer, LinkedHashMap<String, Announcements>> queued =
      new LinkedHashMap<>();

  /** One group's members, self included, ordered by peer id. */
  private static final class Roster {
    final List<Peer> ring;
    final Map<PeerId, Integer> position = new LinkedHashMap<>();

    /** Addresses found for members named without one, by position. */
    final Map<Integer, Peer> found = new LinkedHashMap<>();

    Roster(Collection<Peer> members) {
      this.ring = List.copyOf(members);
      for (int i = 0; i < ring.size(); i++) {
        position.put(ring.get(i).id(), i);
      }
    }
  }

  /**
   * {@code addresses} gives the peer with an id as the membership knows it now (with an empty
   * address when it knows none).
   */
  GroupTopics(Peer self, Outbox out, long lazyDelayMillis, Function<PeerId, Peer> addresses) {
    this.self = self;
    this.out = out;
    this.lazyDelayMillis = lazyDelayMillis;
    this.addresses = addresses;
  }

  /**
   * The member at {@code position} with the address to send to: the roster's, else the one the
   * membership knows now, else the last one it knew.
   */
  private Peer at(Roster r, int position) {
    Peer p = r.ring.get(position);
    if (!p.address().isEmpty()) {
      return p;
    }
    Peer known = addresses.apply(p.id());
    if (!known.address().isEmpty()) {
      r.found.put(position, known);
      return known;
    }
    return r.found.getOrDefault(position, p);
  }

  /** Makes {@code topic} a group topic of {@code members} (self is added if absent). */
  void set(String topic, Collection<Peer> members) {
    if (members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException(members.size() + " members for one group topic");
    }
    TreeMap<PeerId, Peer> byId = new TreeMap<>();
    for (Peer p : members) {
      byId.put(p.id(), p);
    }
    byId.put(self.id(), self);
    Roster next = new Roster(byId.values());
    Roster before = rosters.get(topic);
    if (before != null) {
      for (Map.Entry<Integer, Peer> e : before.found.entrySet()) {
        Integer now = next.position.get(e.getValue().id());
        if (now != null) {
          next.found.put(now, e.getValue());
        }
      }
    }
    rosters.put(topic, next);
  }

  void remove(String topic) {
    rosters.remove(topic);
  }

  boolean isGroup(String topic) {
    return rosters.containsKey(topic);
  }

  /** Whether {@code peer} is a member of the group topic {@code topic} here. */
  boolean isMember(String topic, PeerId peer) {
    Roster r = rosters.get(topic);
    return r != null && r.position.containsKey(peer);
  }

  /** The member with this id in any group, or null when it is in none. */
  Peer member(PeerId id) {
    for (Roster r : rosters.values()) {
      Integer p = r.position.get(id);
      if (p != null) {
        return at(r, p);
      }
    }
    return null;
  }

  /** A random member of {@code topic} other than self, or null when it has none. */
  Peer randomMember(String topic, RandomGenerator random) {
    Roster r = rosters.get(topic);
    if (r == null || r.ring.size() < 2) {
      return null;
    }
    int mine = r.position.get(self.id());
    int pick = random.nextInt(r.ring.size() - 1);
    return at(r, pick >= mine ? pick + 1 : pick);
  }

  /** The members of {@code topic} by peer id, self included; empty when it is no group topic. */
  List<PeerId> members(String topic) {
    Roster r = rosters.get(topic);
    List<PeerId> ids = new ArrayList<>();
    if (r != null) {
      r.ring.forEach(p -> ids.add(p.id()));
    }
    return ids;
  }

  /** The group topics, in the order they were declared. */
  List<String> topics() {
    return new ArrayList<>(rosters.keySet());
  }

  /**
   * Pushes a new message of a group topic to this member's children in the origin's tree and queues
   * its id for the next members in order, except {@code from}, which holds it. An origin that is
   * not in the roster here (it joined in an epoch this member has not seen yet) is treated as if
   * this member had published the message.
   */
  void forward(
      String topic,
      MessageId id,
      ByteString payload,
      int hops,
      PeerId origin,
      PeerId from,
      long now) {
    Roster r = rosters.get(topic);
    if (r == null) {
      return; // a member that has not declared the group yet delivers but does not relay
    }
    int n = r.ring.size();
    int mine = r.position.get(self.id());
    Integer rootAt = r.position.get(origin);
    int root = rootAt == null ? mine : rootAt;
    long me = Math.floorMod(mine - root, n);
    Envelope frame = null;
    for (long c = FANOUT * me + 1; c <= FANOUT * me + FANOUT && c < n; c++) {
      Peer child = at(r, (int) ((root + c) % n));
      if (!child.id().equals(from)) {
        if (frame == null) {
          frame = Frames.groupPublish(topic, payload, hops + 1, false, origin);
        }
        out.send(child, frame, now);
      }
    }
    LinkedHashSet<Long> told = new LinkedHashSet<>();
    for (long c = FANOUT * me + 1; c <= FANOUT * me + FANOUT && c < n; c++) {
      for (long g = FANOUT * c + 1; g <= FANOUT * c + FANOUT && g < n; g++) {
        told.add(g);
      }
    }
    for (int k = 1; k <= ANNOUNCE_TO && k < n; k++) {
      long at = (me + k) % n;
      if (at != 0 && !(at > FANOUT * me && at <= FANOUT * me + FANOUT)) {
        told.add(at);
      }
    }
    for (long at : told) {
      Peer next = at(r, (int) ((root + at) % n));
      if (!next.id().equals(from)) {
        queued
            .computeIfAbsent(next, p -> new LinkedHashMap<>())
            .computeIfAbsent(topic, t -> new Announcements())
            .add(id, hops, now);
        out.setTimer(TimerKey.LAZY_PUSH, now + lazyDelayMillis);
      }
    }
  }

  /** Sends the queued announcements, batched per member and topic. */
  void flush(long now) {
    List<Envelope> frames = new ArrayList<>();
    for (Map.Entry<Peer, LinkedHashMap<String, Announcements>> e : queued.entrySet()) {
      frames.clear();
      for (Map.Entry<String, Announcements> byTopic : e.getValue().entrySet()) {
        byTopic
            .getValue()
            .frames(byTopic.getKey(), GossipEngine.MAX_IDS_PER_FRAME, true, false, now, frames);
      }
      for (Envelope frame : frames) {
        out.send(e.getKey(), frame, now);
      }
    }
    queued.clear();
  }
}
