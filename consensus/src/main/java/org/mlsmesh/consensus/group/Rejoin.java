package org.mlsmesh.consensus.group;

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
  static final long RETRY_MAX_MILLIS = 1_500;

  /** How many members one GroupInfo request asks. */
  static final int FAN_OUT = 3;

  private LeafIndex contact;

  /** How many GroupInfo requests went unanswered: each next one asks another member. */
  private int requests;

  /** The last epoch our branch shared with the survivor. */
  private final long sharedEpoch;

  private long requestedAt;
  private ExternalCommit pending;
  private CommitId commit;
  private EpochId parent;
  private long createdAt;
  private long pulledAt;

  /** The member whose GroupInfo our pending Commit went into. */
  private LeafIndex answeredBy;

  /**
   * A GroupInfo of an epoch its sender's last beacon (here) did not announce, from whom: checked
   * again when that member's next beacon comes (the records pulled with the request, on their way).
   */
  private Bytes unannouncedFrom;

  private Bytes unannounced;

  /** The first Commit of the surviving branch, where ours lost. */
  private final CommitRecord survivor;

  private long parentNumber;

  Rejoin(LeafIndex contact, long sharedEpoch, CommitRecord survivor) {
    this.contact = contact;
    this.sharedEpoch = sharedEpoch;
    this.survivor = survivor;
  }

  /** The epoch the others send again from (our Commit's header says it). */
  long since() {
    return sharedEpoch;
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
    // Requests and answers are direct and not repaired, and a member that is rejoining itself does
    // not answer: each request also asks the next members heard on another branch. The first
    // answer is used.
    LeafIndex also = contact;
    for (int i = 1; i < FAN_OUT; i++) {
      also = engine.nextContact(also);
      Bytes alsoIdentity = Members.identityOf(head, also);
      if (also.equals(contact) || alsoIdentity.isEmpty()) {
        break;
      }
      engine.sendDirect(alsoIdentity, GroupWire.groupInfoRequest(head.groupId()));
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
      if (e.code() == RejoinCode.EPOCH_NOT_BEACON) {
        unannouncedFrom = from;
        unannounced = answer;
      }
      engine.refuse("GroupInfo refused: " + e.getMessage());
      return;
    }
    unannounced = null;
    unannouncedFrom = null;
    if (offBranch(engine.lastBeacons.get(from))) {
      // It announced a branch without the survivor's Commit (it is about to roll back, or to
      // rejoin itself): a Commit into its epoch would be lost.
      engine.refuse("GroupInfo refused: its sender is not on the surviving branch");
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
    // Its records are pulled from now on: it just answered (the contact may have left), and its
    // beacons verify with the key its GroupInfo was checked with.
    answeredBy = leaf.get();
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
      // From the shared epoch on, not from our Commit's parent: the answer that lists our Commit
      // becomes our history, which must reach the fork to decide against a third branch.
      engine.pullFrom(
          answeredBy, new ConsensusMessage.RecordsPull(engine.groupId(), answeredBy, sharedEpoch));
    }
  }

  /**
   * Our external Commit is final once a beacon sent a settle window after it lists it; it lost if
   * the beacon lists another Commit on its parent: then try again on the newest epoch.
   */
  void onBeacon(GroupEngine engine, Beacon beacon) throws DecodeException, ValidationException {
    if (pending == null
        && unannounced != null
        && Members.identityOf(engine.head(), beacon.from()).equals(unannouncedFrom)) {
      Bytes answer = unannounced;
      unannounced = null;
      onGroupInfo(engine, unannouncedFrom, answer);
      return;
    }
    if (pending == null || engine.now < createdAt + engine.settleWindowMillis() + 500) {
      return;
    }
    boolean listed = false;
    boolean sibling = false;
    for (CommitRecord r : beacon.recent()) {
      listed |= r.commit().equals(commit);
      sibling |= r.parent().equals(parent) && !r.commit().equals(commit);
      // Another epoch of that number on its chain: ours was rolled back there.
      sibling |= r.parentEpochNumber() == parentNumber && !r.parent().equals(parent);
    }
    if (listed) {
      GroupState joined = pending.join();
      pending = null;
      // These records, ours among them, become our history: a better sibling of our Commit seen
      // later (it was final at the lister, not everywhere) makes us rejoin again.
      engine.rejoined(joined, beacon.recent());
    } else if (sibling) {
      retry(engine);
    }
  }

  /** True when {@code beacon}'s records show another Commit than the survivor's on its parent. */
  private boolean offBranch(Beacon beacon) {
    if (beacon == null) {
      return false;
    }
    for (CommitRecord r : beacon.recent()) {
      if (r.parent().equals(survivor.parent()) && !r.commit().equals(survivor.commit())) {
        return true;
      }
    }
    return false;
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
