package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.group.ExternalCommit;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A rejoin by external Commit in progress (RFC 9420 §12.4.3.2), after the member's branch lost a
 * partition longer than the settle window: first the contact's GroupInfo (checked by {@link
 * GroupInfoCheck}), then our Commit into it until a beacon of the surviving branch shows it (final)
 * or a sibling of it (lost: try again on the newest epoch).
 *
 * <p>Members rejoining together commit into the same epoch, and all but one lose. Waiting a settle
 * window to learn it would let them in one per window. So a beacon that shows a sibling of our
 * newest Commit, before that is decided, brings the GroupInfo of the sibling's epoch, and a second
 * Commit into it, the first one kept: the two are on exclusive branches, so at most one wins, and
 * the first shown final completes the rejoin.
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

  /** Most Commits of ours in flight at once: the first, and each into a sibling that may win. */
  static final int MAX_ATTEMPTS = 4;

  /** The shortest time between two requests for the GroupInfo of a sibling that may win. */
  static final long FOLLOW_UP_MILLIS = 500;

  /**
   * One external Commit of ours, into the GroupInfo {@code answeredBy} sent: the member whose
   * records are pulled from then on (it just answered, and its beacons verify with the key its
   * GroupInfo was checked with).
   */
  private record Attempt(
      ExternalCommit external,
      CommitId commit,
      EpochId parent,
      long parentNumber,
      long createdAt,
      LeafIndex answeredBy,
      Bytes leafKey) {}

  private long requestedAt;

  /** Our Commits in flight, oldest first: each on a newer epoch than the one before it. */
  private final List<Attempt> attempts = new ArrayList<>();

  private long pulledAt;

  /** When we last asked for the GroupInfo of a sibling of our newest Commit; -1: not asked. */
  private long followUpAt = -1;

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

  /** The last epoch our branch shared with the surviving one: later Commits of ours lost. */
  long branchPoint() {
    return survivor.parentEpochNumber();
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

  /** A GroupInfo answer: once verified, our external Commit into it. */
  void onGroupInfo(GroupEngine engine, Bytes from, Bytes answer)
      throws DecodeException, ValidationException {
    if (!attempts.isEmpty() && (followUpAt < 0 || attempts.size() >= MAX_ATTEMPTS)) {
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
    for (Attempt a : attempts) {
      if (a.leafKey().equals(verified.ownOldLeafKey())) {
        // Its chain has a Commit of ours already: another one into it would remove that one's leaf.
        engine.refuse("GroupInfo refused: its epoch follows our own rejoin Commit");
        return;
      }
    }
    long parentNumber = verified.groupInfo().groupInfo().orElseThrow().groupContext().epoch();
    if (!attempts.isEmpty() && parentNumber <= newest().parentNumber()) {
      return; // not the sibling's epoch: no newer than our newest Commit's
    }
    followUpAt = -1;
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
    CommitId commit = engine.adapter.commitId(wire);
    attempts.add(
        new Attempt(
            external, commit, verified.epoch(), parentNumber, now, leaf.get(), leafKey(external)));
    if (attempts.size() == 1) {
      pulledAt = now;
    }
    engine.publishCommit(commit, wire);
  }

  /**
   * Re-asks for a GroupInfo that did not come; gives up Commits never shown by the surviving
   * branch; once a Commit had a settle window to win, asks the member that answered for its
   * records, whose answer (a beacon) {@link #onBeacon decides} about it.
   */
  void onTick(GroupEngine engine) {
    long now = engine.now;
    long settle = engine.settleWindowMillis();
    if (attempts.isEmpty()) {
      // Requests and answers are direct and not repaired: ask again soon, another member each time.
      if (now - requestedAt > Math.min(2 * settle + 1_000, RETRY_MAX_MILLIS)) {
        requestGroupInfo(engine);
      }
      return;
    }
    // Never shown by the surviving branch: lost on the way, or to a sibling.
    giveUpIf(a -> now > a.createdAt() + 6 * settle + 5_000);
    if (attempts.isEmpty()) {
      requestGroupInfo(engine);
      return;
    }
    Attempt decidable = newestDecidable(engine);
    if (decidable != null && now - pulledAt >= 500) {
      pulledAt = now;
      // From the shared epoch on, not from our Commit's parent: the answer that lists our Commit
      // becomes our history, which must reach the fork to decide against a third branch.
      engine.pullFrom(
          decidable.answeredBy(),
          new ConsensusMessage.RecordsPull(engine.groupId(), decidable.answeredBy(), sharedEpoch));
    }
  }

  /**
   * Our external Commit is final once a beacon sent a settle window after it lists it; it lost if
   * the beacon lists another Commit on its parent. With none left, try again on the newest epoch.
   */
  void onBeacon(GroupEngine engine, Beacon beacon, Bytes sender)
      throws DecodeException, ValidationException {
    if (unannounced != null
        && (attempts.isEmpty() || followUpAt >= 0)
        && sender.equals(unannouncedFrom)) {
      Bytes answer = unannounced;
      unannounced = null;
      int before = attempts.size();
      onGroupInfo(engine, unannouncedFrom, answer);
      if (attempts.size() > before) {
        return; // a Commit into the epoch this beacon announced went out
      }
      // Still not the announced epoch (the answer is older than the beacon): the beacon may list
      // a Commit of ours, which the stale answer must not hide (random seed 1011: the rejoiner
      // re-checked it against every later beacon and never saw its own Commit listed).
    }
    if (attempts.isEmpty()) {
      return;
    }
    for (Attempt a : attempts) {
      if (decidable(engine, a) && lists(beacon, a)) {
        GroupState joined = a.external().join();
        attempts.remove(a);
        discard();
        // These records, ours among them, become our history: a better sibling of our Commit
        // seen later (it was final at the lister, not everywhere) makes us rejoin again.
        engine.rejoined(joined, survivorFirst(beacon.recent()));
        return;
      }
    }
    Attempt newest = newest();
    giveUpIf(a -> decidable(engine, a) && showsSibling(beacon, a));
    if (attempts.isEmpty()) {
      requestGroupInfo(engine);
    } else if (attempts.get(attempts.size() - 1) == newest
        && attempts.size() < MAX_ATTEMPTS
        && showsSibling(beacon, newest)
        && beacon.epochNumber() > newest.parentNumber()
        && (followUpAt < 0 || engine.now - followUpAt >= FOLLOW_UP_MILLIS)) {
      // Maybe lost: into the sibling's epoch too, from the member on it.
      followUpAt = engine.now;
      engine.sendDirect(sender, GroupWire.groupInfoRequest(engine.groupId()));
    }
  }

  /**
   * {@code records} with the survivor's first Commit in front when they start after it: against a
   * third branch that split off at the same epoch, that Commit is what our new branch is compared
   * by (a beacon lists only its sender's latest records).
   */
  List<CommitRecord> survivorFirst(List<CommitRecord> records) {
    for (CommitRecord r : records) {
      if (r.commit().equals(survivor.commit())) {
        return records;
      }
    }
    if (!records.isEmpty() && records.get(0).parentEpochNumber() <= survivor.parentEpochNumber()) {
      return records; // they span the fork and list another Commit there: not ours to add
    }
    List<CommitRecord> all = new ArrayList<>(records.size() + 1);
    all.add(survivor);
    all.addAll(records);
    return all;
  }

  /** The encryption key of the leaf our external Commit gives us (RFC 9420 §12.4.3.2). */
  private static Bytes leafKey(ExternalCommit external) {
    return external
        .commit()
        .publicMessage()
        .map(m -> m.content().content())
        .filter(c -> c instanceof Content.CommitContent)
        .flatMap(c -> ((Content.CommitContent) c).commit().path())
        .map(path -> path.leafNode().encryptionKey())
        .orElseThrow(() -> new IllegalStateException("an external Commit without a path"));
  }

  private static boolean lists(Beacon beacon, Attempt a) {
    for (CommitRecord r : beacon.recent()) {
      if (r.commit().equals(a.commit())) {
        return true;
      }
    }
    return false;
  }

  private static boolean showsSibling(Beacon beacon, Attempt a) {
    for (CommitRecord r : beacon.recent()) {
      if (r.parent().equals(a.parent()) && !r.commit().equals(a.commit())) {
        return true;
      }
      // Another epoch of that number on its chain: ours was rolled back there.
      if (r.parentEpochNumber() == a.parentNumber() && !r.parent().equals(a.parent())) {
        return true;
      }
    }
    return false;
  }

  private Attempt newest() {
    return attempts.get(attempts.size() - 1);
  }

  /** The newest Commit that had a settle window to win, or null. */
  private Attempt newestDecidable(GroupEngine engine) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (decidable(engine, attempts.get(i))) {
        return attempts.get(i);
      }
    }
    return null;
  }

  /** True once {@code a} had a settle window to win: a beacon listing it, or a sibling, decides. */
  private static boolean decidable(GroupEngine engine, Attempt a) {
    return engine.now >= a.createdAt() + engine.settleWindowMillis() + 500;
  }

  private void giveUpIf(Predicate<Attempt> lost) {
    attempts.removeIf(
        a -> {
          if (lost.test(a)) {
            a.external().discard();
            return true;
          }
          return false;
        });
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

  /** Gives the rejoin up (a better branch to rejoin was found): erases the pending Commits. */
  void discard() {
    giveUpIf(a -> true);
    followUpAt = -1;
  }
}
