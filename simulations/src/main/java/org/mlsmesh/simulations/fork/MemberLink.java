package org.mlsmesh.simulations.fork;

import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.group.GroupEnvironment;

/** What a simulated member can do to the world around it: the simulator implements it. */
interface MemberLink {
  /** Kinds of frames between members. */
  enum Kind {
    COMMIT,
    APPLICATION,
    WELCOME,
    BEACON,
    COMMIT_PULL,
    RECORDS_PULL,
    PULLED_COMMIT,
    GROUP_INFO_REQUEST,
    GROUP_INFO
  }

  long now();

  /** The clock MLS sees (lifetimes): virtual time from a fixed date. */
  long mlsNow();

  /** How long the fork choice waits before an epoch is final. */
  long settleWindowMillis();

  GroupEnvironment environment();

  ForkTruth truth();

  /** Broadcasts a group message on the group's gossip topic (with pull repair). */
  void publish(SimMember from, Kind kind, Bytes wire);

  /** Sends a frame to one member; {@code reliable} frames are repaired like gossip messages. */
  void direct(SimMember from, int to, Kind kind, Bytes payload, boolean reliable);

  /** Fires the member's fork-choice timer at {@code atMillis}. */
  void timer(SimMember member, long atMillis);

  /** The member whose leaf signature key is {@code signatureKey}, or -1. */
  int memberByKey(Bytes signatureKey);

  /** The Welcome of {@code commit} was released: deliver it to the members it adds. */
  void welcomeReleased(SimMember from, CommitId commit, Bytes welcome);

  /** A Commit adding {@code joiner} was created. */
  void addCreated(CommitId commit, int joiner);

  void trace(long a, long b, long c);
}
