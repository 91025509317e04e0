package org.mlsmesh.node.internal.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.mlsmesh.node.internal.directory.DirectoryHarness.Node;
import org.mlsmesh.node.storage.StoredKeyPackage;
import org.mlsmesh.protocol.codec.Bytes;

/** The directory core over several in-process nodes, without Netty. */
class KeyPackageDirectoryTest {
  private final DirectoryHarness net = new DirectoryHarness();

  private static VerifiedAnnouncement found(Node node, long requestId) {
    DirectoryEffect result = node.results.get(requestId);
    assertThat(result)
        .as("result of fetch " + requestId)
        .isInstanceOf(DirectoryEffect.FetchSucceeded.class);
    return ((DirectoryEffect.FetchSucceeded) result).keyPackage();
  }

  @Test
  void everyNodeFetchesEveryOtherAndASingleUseKeyPackageIsHandedOutOnce() throws Exception {
    Node a = net.add();
    Node b = net.add();
    Node c = net.add();
    for (Node n : net.nodes) {
      n.start();
    }
    assertThat(b.directory.heldCount(a.identity())).isEqualTo(5); // pool of 4 + last resort

    b.fetch(a.identity(), 1);
    VerifiedAnnouncement got = found(b, 1);
    assertThat(got.identity()).isEqualTo(a.identity());
    assertThat(got.lastResort()).isFalse();
    assertThat(DirectoryHarness.storedRefs(a)).contains(got.ref());
    // The tombstone reached everyone: nobody holds it any more, the owner counts it as claimed.
    assertThat(c.directory.tombstones()).contains(got.ref());
    assertThat(c.directory.heldCount(a.identity())).isEqualTo(4);

    // Many fetches by two nodes: single-use refs never repeat; the owner replenishes.
    Set<Bytes> singleUse = new HashSet<>();
    singleUse.add(got.ref());
    long id = 2;
    for (int i = 0; i < 12; i++, id++) {
      Node fetcher = i % 2 == 0 ? b : c;
      fetcher.fetch(a.identity(), id);
      VerifiedAnnouncement kp = found(fetcher, id);
      assertThat(kp.lastResort()).isFalse();
      assertThat(singleUse.add(kp.ref())).as("ref handed out twice").isTrue();
    }
    assertThat(a.directory.ownUnclaimedSingleUse()).isGreaterThanOrEqualTo(2);
    assertThat(DirectoryHarness.storedRefs(a)).containsAll(singleUse);
    assertThat(net.rejected).isZero();
  }

  @Test
  void theLastResortKeyPackageIsHandedOutWhenThePoolIsDry() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    a.online = false; // cannot replenish: its tombstones never arrive
    List<Bytes> refs = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      b.fetch(a.identity(), id);
      refs.add(found(b, id).ref());
    }
    assertThat(refs.subList(0, 4)).doesNotHaveDuplicates();
    assertThat(found(b, 5).lastResort()).isTrue();
    assertThat(refs.get(4)).isEqualTo(refs.get(5));
  }

  @Test
  void aNodeWithoutTheAnnouncementsFetchesFromAnyHolder() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    Node late = net.add(); // heard none of the announcements
    a.online = false; // the owner is away: the holder b answers
    late.fetch(a.identity(), 7);
    VerifiedAnnouncement kp = found(late, 7);
    assertThat(kp.identity()).isEqualTo(a.identity());
    assertThat(b.directory.counters().fetchesAnswered).isEqualTo(1);
    assertThat(b.directory.tombstones()).contains(kp.ref());
  }

  @Test
  void aFetchForAnUnknownIdentityFailsAfterTheTimeout() throws Exception {
    Node a = net.add();
    a.start();
    Bytes nobody = Bytes.wrap(new byte[32]);
    a.fetch(nobody, 9);
    assertThat(a.results).doesNotContainKey(9L);
    net.now += DirectoryHarness.CONFIG.directory().fetchTimeout().toMillis();
    net.tick();
    assertThat(a.results.get(9L)).isInstanceOf(DirectoryEffect.FetchFailed.class);
  }

  @Test
  void consumingAnOwnKeyPackageTakesItsPrivateKeysOnceAndTombstonesIt() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    b.fetch(a.identity(), 1);
    Bytes ref = found(b, 1).ref();
    // a joins with it: the private keys come out of storage in the join's transaction.
    Optional<StoredKeyPackage> taken =
        a.storage.computeInTransaction(tx -> tx.keyPackages().consume(ref));
    assertThat(taken).isPresent();
    KeyPackagePrivateKeys keys = KeyPackagePrivateKeys.decode(taken.get().privateBundle());
    assertThat(keys.initPrivateKey().length()).isEqualTo(32);
    keys.destroy();
    net.run(a, a.directory.ownConsumed(ref, net.now));
    Optional<StoredKeyPackage> again =
        a.storage.computeInTransaction(tx -> tx.keyPackages().consume(ref));
    assertThat(again).isEmpty();
    assertThat(b.directory.tombstones()).contains(ref);
  }

  @Test
  void expiredKeyPackagesAreDroppedAndTheOwnerDeletesItsOwn() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    List<Bytes> old = DirectoryHarness.storedRefs(a);
    net.now += Duration.ofDays(1).toMillis() + 1;
    net.tick();
    // The expired ones are gone everywhere; the owner minted and announced a new pool.
    assertThat(DirectoryHarness.storedRefs(a)).doesNotContainAnyElementsOf(old).hasSize(4);
    assertThat(a.directory.ownUnclaimedSingleUse()).isEqualTo(4);
    assertThat(b.directory.heldCount(a.identity())).isEqualTo(4);
  }

  // ---------------------------------------------------------------- negative tests

  private static DirectoryMessage.Announcement announcementOf(Node owner, long now) {
    StoredKeyPackage kp =
        KeyPackageMint.mint(
            owner.keys, Duration.ofDays(1), false, now, DirectoryHarness.random(99));
    return new DirectorySigner(owner.keys.gossipKey()).announce(kp.info().keyPackage(), now);
  }

  @Test
  @DirectoryCovers(DirectoryCode.MALFORMED)
  void garbageDoesNotDecode() {
    assertThatThrownBy(() -> DirectoryMessage.decode(Bytes.fromHex("09")))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("DIR-901")
        .hasMessageContaining("unknown directory message type 9");
    Bytes valid = announcementOf(net.add(), net.now).encoded();
    assertThatThrownBy(() -> DirectoryMessage.decode(Bytes.concat(valid, Bytes.fromHex("00"))))
        .isInstanceOf(DirectoryException.class)
        .satisfies(
            e -> assertThat(((DirectoryException) e).code()).isEqualTo(DirectoryCode.MALFORMED));
    Bytes truncated = valid.slice(0, valid.length() - 3);
    assertThatThrownBy(() -> DirectoryMessage.decode(truncated))
        .satisfies(
            e -> assertThat(((DirectoryException) e).code()).isEqualTo(DirectoryCode.MALFORMED));
  }

  @Test
  @DirectoryCovers(DirectoryCode.ANNOUNCEMENT_SIGNATURE_INVALID)
  void anAnnouncementSignedByAnotherKeyIsRejected() throws Exception {
    Node a = net.add();
    Node b = net.add();
    DirectoryMessage.Announcement good = announcementOf(a, net.now);
    DirectoryMessage.Announcement forged =
        new DirectoryMessage.Announcement(
            good.ownerKey(), good.keyPackage(), good.publishedAtMillis() + 1, good.signature());
    assertThatThrownBy(() -> b.directory.onMessage(forged, a.id(), net.now))
        .isInstanceOf(DirectoryException.class)
        .satisfies(
            e ->
                assertThat(((DirectoryException) e).code())
                    .isEqualTo(DirectoryCode.ANNOUNCEMENT_SIGNATURE_INVALID));
    assertThat(b.directory.heldCount(a.identity())).isZero();
    assertThat(b.directory.counters().rejected).isEqualTo(1);
  }

  @Test
  @DirectoryCovers(DirectoryCode.ANNOUNCEMENT_IDENTITY_MISMATCH)
  void aNodeCannotAnnounceAnotherNodesKeyPackage() {
    Node a = net.add();
    Node mallory = net.add();
    Node b = net.add();
    Bytes aKeyPackage = announcementOf(a, net.now).keyPackage();
    DirectoryMessage.Announcement byMallory =
        new DirectorySigner(mallory.keys.gossipKey()).announce(aKeyPackage, net.now);
    assertThatThrownBy(() -> b.directory.onMessage(byMallory, mallory.id(), net.now))
        .satisfies(
            e ->
                assertThat(((DirectoryException) e).code())
                    .isEqualTo(DirectoryCode.ANNOUNCEMENT_IDENTITY_MISMATCH));
  }

  @Test
  @DirectoryCovers(DirectoryCode.KEY_PACKAGE_INVALID)
  void anExpiredOrCorruptKeyPackageIsRejected() {
    Node a = net.add();
    Node b = net.add();
    DirectoryMessage.Announcement old = announcementOf(a, net.now - Duration.ofDays(2).toMillis());
    assertThatThrownBy(() -> b.directory.onMessage(old, a.id(), net.now))
        .satisfies(
            e ->
                assertThat(((DirectoryException) e).code())
                    .isEqualTo(DirectoryCode.KEY_PACKAGE_INVALID))
        .hasMessageContaining("MLS-");
    byte[] corrupt = announcementOf(a, net.now).keyPackage().toByteArray();
    corrupt[corrupt.length - 1] ^= 1; // the KeyPackage signature
    DirectoryMessage.Announcement signedCorrupt =
        new DirectorySigner(a.keys.gossipKey()).announce(Bytes.wrap(corrupt), net.now);
    assertThatThrownBy(() -> b.directory.onMessage(signedCorrupt, a.id(), net.now))
        .satisfies(
            e ->
                assertThat(((DirectoryException) e).code())
                    .isEqualTo(DirectoryCode.KEY_PACKAGE_INVALID));
  }

  @Test
  @DirectoryCovers(DirectoryCode.TOMBSTONE_SIGNATURE_INVALID)
  void aForgedTombstoneIsRejectedAndClaimsNothing() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    Bytes ref = DirectoryHarness.storedRefs(a).get(0);
    DirectoryMessage.Tombstone real =
        new DirectorySigner(b.keys.gossipKey()).tombstone(a.identity(), ref, net.now);
    DirectoryMessage.Tombstone forged =
        new DirectoryMessage.Tombstone(
            real.signerKey(),
            real.identity(),
            real.ref(),
            real.claimedAtMillis() + 1,
            real.signature());
    assertThatThrownBy(() -> a.directory.onMessage(forged, b.id(), net.now))
        .satisfies(
            e ->
                assertThat(((DirectoryException) e).code())
                    .isEqualTo(DirectoryCode.TOMBSTONE_SIGNATURE_INVALID));
    assertThat(a.directory.tombstones()).doesNotContain(ref);
  }

  private static void assertRejected(DirectoryCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .satisfies(e -> assertThat(((DirectoryException) e).code()).isEqualTo(code));
  }

  @Test
  @DirectoryCovers(DirectoryCode.TOMBSTONE_NOT_OWNER)
  void aTombstoneSignedByAnotherNodeThanTheOwnerIsRejectedEverywhere() throws Exception {
    Node a = net.add();
    Node b = net.add();
    Node c = net.add();
    for (Node n : net.nodes) {
      n.start();
    }
    Bytes ref = DirectoryHarness.storedRefs(a).get(0);
    DirectoryMessage.Tombstone byB =
        new DirectorySigner(b.keys.gossipKey()).tombstone(a.identity(), ref, net.now);
    assertRejected(
        DirectoryCode.TOMBSTONE_NOT_OWNER, () -> c.directory.onMessage(byB, b.id(), net.now));
    assertRejected(
        DirectoryCode.TOMBSTONE_NOT_OWNER,
        () -> new DirectoryRules().check(byB.encoded(), net.now));
    assertThat(c.directory.tombstones()).doesNotContain(ref);
    assertThat(c.directory.heldCount(a.identity())).isEqualTo(5);

    DirectoryMessage.Tombstone byOwner =
        new DirectorySigner(a.keys.gossipKey()).tombstone(a.identity(), ref, net.now);
    c.directory.onMessage(byOwner, b.id(), net.now);
    assertThat(c.directory.tombstones()).contains(ref);
  }

  @Test
  void aNodeThatHandsOutAnotherOwnersKeyPackageHasTheOwnerWithdrawIt() throws Exception {
    Node a = net.add();
    Node b = net.add();
    Node c = net.add();
    for (Node n : net.nodes) {
      n.start();
    }
    b.fetch(a.identity(), 1);
    Bytes ref = found(b, 1).ref();
    assertThat(a.directory.tombstones()).as("the owner got b's claim").contains(ref);
    assertThat(c.directory.tombstones()).as("and withdrew it for everyone").contains(ref);
    assertThat(net.rejected).isZero();
  }

  @Test
  @DirectoryCovers(DirectoryCode.CLAIM_NOT_OWN)
  void aClaimOfAKeyPackageTheReceiverDoesNotOwnOrHasNoMoreIsRejected() throws Exception {
    Node a = net.add();
    Node b = net.add();
    Node c = net.add();
    for (Node n : net.nodes) {
      n.start();
    }
    DirectorySigner bSigns = new DirectorySigner(b.keys.gossipKey());
    Bytes ofC = DirectoryHarness.storedRefs(c).get(0);
    assertRejected(
        DirectoryCode.CLAIM_NOT_OWN,
        () -> a.directory.onDirect(bSigns.tombstone(c.identity(), ofC, net.now), b.id(), net.now));
    Bytes unknown = Bytes.wrap(new byte[32]);
    assertRejected(
        DirectoryCode.CLAIM_NOT_OWN,
        () ->
            a.directory.onDirect(
                bSigns.tombstone(a.identity(), unknown, net.now), b.id(), net.now));
    assertThat(a.directory.tombstones()).doesNotContain(ofC, unknown);
  }

  @Test
  @DirectoryCovers(DirectoryCode.SIGNER_RATE_LIMITED)
  void anOwnerAnnouncingBeyondItsShareIsRateLimitedThenReadAgain() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    Bytes kp = DirectoryHarness.storedKeyPackages(a).get(0);
    DirectorySigner aSigns = new DirectorySigner(a.keys.gossipKey());
    int share = 4 * DirectoryHarness.CONFIG.directory().maxPerIdentity();
    long now = net.now + 60_000; // the share is full again after the start
    for (int i = 0; i < share; i++) {
      b.directory.onMessage(aSigns.announce(kp, now), a.id(), now);
    }
    assertRejected(
        DirectoryCode.SIGNER_RATE_LIMITED,
        () -> b.directory.onMessage(aSigns.announce(kp, now), a.id(), now));
    // Relayed by another peer, it is the same owner's share.
    assertRejected(
        DirectoryCode.SIGNER_RATE_LIMITED,
        () -> b.directory.onMessage(aSigns.announce(kp, now), b.id(), now));
    b.directory.onMessage(aSigns.announce(kp, now + 1_000), a.id(), now + 1_000);
  }

  @Test
  @DirectoryCovers(DirectoryCode.PEER_RATE_LIMITED)
  void aPeerSendingBeyondItsShareIsRateLimitedThenReadAgain() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    DirectoryMessage.FetchRequest request =
        new DirectoryMessage.FetchRequest(1, Bytes.wrap(new byte[32]), b.identity());
    long now = net.now + 60_000; // the share is full again after the start
    for (int i = 0; i < DirectoryLimits.PEER_BURST; i++) {
      a.directory.onMessage(request, b.id(), now);
    }
    assertRejected(
        DirectoryCode.PEER_RATE_LIMITED, () -> a.directory.onMessage(request, b.id(), now));
    assertRejected(
        DirectoryCode.PEER_RATE_LIMITED, () -> a.directory.onDirect(request, b.id(), now));
    a.directory.onMessage(request, b.id(), now + 10);
  }

  @Test
  void claimsSurviveARestartAndAClaimedKeyPackageIsNotHeldAgain() throws Exception {
    Node a = net.add();
    Node b = net.add();
    a.start();
    b.start();
    a.online = false; // b's claim stays b's own
    b.fetch(a.identity(), 1);
    Bytes ref = found(b, 1).ref();
    DirectoryMessage.Announcement again =
        new DirectorySigner(a.keys.gossipKey())
            .announce(
                DirectoryHarness.storedKeyPackages(a)
                    .get(DirectoryHarness.storedRefs(a).indexOf(ref)),
                net.now);

    b.restart();
    assertThat(b.directory.tombstones()).contains(ref);
    b.directory.onMessage(again, a.id(), net.now);
    assertThat(b.directory.heldCount(a.identity())).isZero();
    assertThat(b.directory.counters().ignored).isEqualTo(1);

    net.now += DirectoryHarness.CONFIG.directory().tombstoneTtl().toMillis();
    b.restart();
    assertThat(b.directory.tombstones()).as("forgotten after the TTL").doesNotContain(ref);
  }
}
