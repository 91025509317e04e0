package org.mlsmesh.consensus.group;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.group.ExternalCommit;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A rejoin by external Commit in progress (RFC 9420 §12.4.3.2), after the member's branch lost a
 * partition longer than the settle window: first the contact's GroupInfo (checked by {@link
 * GroupInfoCheck}), then our Commit into it until a beacon of the surviving branch shows it (final)
 * or a sibling of it (lost: try again on the newest epoch).
 */
final class Rejoin {
  /** How often a rejoin checks on its progress. */
  static final long TICK_MILLIS = 250;

  /** The longest wait for a GroupInfo before asking again. */
  static final long RETRY_MAX_MILLIS = 3_000;

  private LeafIndex contact;

  /** How many GroupInfo requests went unanswered: each next one asks another member. */
  private int requests;

  /** The last epoch our branch shared with the survivor. */
  private final long sharedEpoch;

  private long requestedAt;
  private ExternalCommit pending;
  private CommitId commit;
  private EpochId parent;
  private long parentNumber;
  private long createdAt;
  private long pulledAt;

  /** The member whose GroupInfo our pending Commit went into. */
  private Bytes answeredBy = Bytes.EMPTY;

  Rejoin(LeafIndex contact, long sharedEpoch) {
    this.contact = contact;
    this.sharedEpoch = sharedEpoch;
  }

  /**
   * Asks the contact, a member of the surviving branch, for its signed beacon (so that we know the
   * epoch it is in) and then for the GroupInfo of that epoch.
   */
  void requestGroupInfo(GroupEngine engine) {
    requestedAt = engine.now;
    GroupState head = engine.head();
    if (requests++ > 0) {
      contact = engine.nextContact(contact);
    }
    // Its records from the shared epoch on: they decide against any third branch later.
    engine.pullFrom(
        contact, new ConsensusMessage.RecordsPull(head.groupId(), contact, sharedEpoch));
    Bytes identity = Members.identityOf(head, contact);
    if (!identity.isEmpty()) {
      engine.sendDirect(identity, GroupWire.groupInfoRequest(head.groupId()));
    }
  }

  /** The contact's GroupInfo: once verified, our external Commit into it. */
  void onGroupInfo(GroupEngine engine, Bytes from, Bytes answer)
      throws DecodeException, ValidationException {
    if (pending != null) {
      return;
    }
    GroupState head = engine.head();
    Optional<LeafIndex> leaf = Members.leafOf(head, from);
    if (leaf.isEmpty()) {
      return;
    }
    Bytes contactKey = head.tree().leaf(leaf.get()).orElseThrow().signatureKey();
    GroupEngineSettings settings = engine.settings();
    GroupInfoCheck.Verified verified;
    try {
      verified =
          GroupInfoCheck.check(
              head.suite(),
              head.groupId(),
              answer,
              from,
              contactKey,
              Optional.ofNullable(engine.lastBeacons.get(from)),
              settings.credential.identity());
    } catch (RejoinException e) {
      engine.refuse("GroupInfo refused: " + e.getMessage());
      return;
    }
    long now = engine.now;
    // The others send again what we could not read: everything from the shared epoch on.
    MeshHeader header = MeshHeader.rejoin(verified.epoch(), Math.max(0, now), sharedEpoch);
    ExternalCommit external =
        ExternalCommit.create(
            settings.env,
            verified.groupInfo(),
            Optional.empty(),
            settings.signer,
            settings.credential,
            verified.ownOldLeaf(),
            header.encode(),
            now);
    Bytes wire = external.commit().encoded();
    pending = external;
    answeredBy = from;
    commit = engine.adapter.commitId(wire);
    parent = verified.epoch();
    parentNumber = verified.groupInfo().groupInfo().orElseThrow().groupContext().epoch();
    createdAt = now;
    pulledAt = now;
    engine.publishCommit(commit, wire);
  }

  /**
   * Re-asks for a GroupInfo that did not come; once our Commit had a settle window to win, asks the
   * contact for its records, whose answer (a beacon) {@link #onBeacon decides} about it.
   */
  void onTick(GroupEngine engine) {
    long now = engine.now;
    long settle = engine.settleWindowMillis();
    if (pending == null) {
      // Requests and answers are direct and not repaired: ask again soon, another member each time.
      if (now - requestedAt > Math.min(2 * settle + 1_000, RETRY_MAX_MILLIS)) {
        requestGroupInfo(engine);
      }
      return;
    }
    if (now > createdAt + 6 * settle + 5_000) {
      retry(engine); // never shown by the surviving branch: lost on the way, or to a sibling
    } else if (now >= createdAt + settle + 500 && now - pulledAt >= 500) {
      pulledAt = now;
      engine.pullFrom(
          contact, new ConsensusMessage.RecordsPull(engine.groupId(), contact, parentNumber));
    }
  }

  /**
   * Our external Commit is final once a beacon sent a settle window after it lists it; it lost if
   * the beacon lists another Commit on its parent: then try again on the newest epoch.
   */
  void onBeacon(GroupEngine engine, Beacon beacon) {
    if (pending == null || engine.now < createdAt + engine.settleWindowMillis() + 500) {
      return;
    }
    Beacon contactBeacon = engine.lastBeacons.get(answeredBy);
    if (showsSibling(beacon) || (contactBeacon != null && showsSibling(contactBeacon))) {
      retry(engine);
      return;
    }
    for (CommitRecord r : beacon.recent()) {
      if (r.commit().equals(commit)) {
        GroupState joined = pending.join();
        pending = null;
        engine.rejoined(joined, survivorRecords(contactBeacon, beacon));
        return;
      }
    }
  }

  private boolean showsSibling(Beacon beacon) {
    for (CommitRecord r : beacon.recent()) {
      if (r.parent().equals(parent) && !r.commit().equals(commit)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The survivor's final records up to our own Commit's, which {@code listing} shows: with ours
   * among them, a better sibling of it seen later (it was final at the lister, not everywhere)
   * makes the member rejoin again instead of staying on a branch of its own.
   */
  private List<CommitRecord> survivorRecords(Beacon contact, Beacon listing) {
    java.util.TreeMap<Long, CommitRecord> byEpoch = new java.util.TreeMap<>();
    for (Beacon b : contact == null ? List.of(listing) : List.of(contact, listing)) {
      for (CommitRecord r : b.recent()) {
        if (r.parentEpochNumber() <= parentNumber) {
          byEpoch.put(r.parentEpochNumber(), r);
        }
      }
    }
    return List.copyOf(byEpoch.values());
  }

  /** Gives the rejoin up (a better branch to rejoin was found): erases the pending Commit. */
  void discard() {
    if (pending != null) {
      pending.discard();
      pending = null;
    }
  }

  private void retry(GroupEngine engine) {
    pending.discard();
    pending = null;
    requestGroupInfo(engine);
  }
}
