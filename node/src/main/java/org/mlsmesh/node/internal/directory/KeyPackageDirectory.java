package org.mlsmesh.node.internal.directory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.config.NodeConfig;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.storage.ClaimStore;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The KeyPackage directory without a server, as a deterministic state machine: calls in, {@link
 * DirectoryEffect}s out, time as a parameter, no I/O.
 *
 * <p>Owners announce signed KeyPackages on the directory topic; every node holds the valid ones it
 * hears (bounded). A fetch by identity takes a held KeyPackage and claims it with a signed
 * tombstone, so no other node hands it out again; when none is held, the fetch is broadcast and any
 * holder (the owner or another node) answers directly, claiming what it hands out. Only the owner
 * signs tombstones on the topic: another node that hands out a KeyPackage sends its claim to the
 * owner, which withdraws the KeyPackage for everyone. Each owner and each peer has a share of the
 * directory ({@link DirectoryLimits}). A single-use KeyPackage is thus handed out at most once by
 * each node and, because its private keys are consumed in one transaction with the join (RFC 9420
 * §16.8), used at most once; a last-resort KeyPackage is handed out again and again. The owner
 * learns of claims from the tombstones and asks for its pool to be replenished below the threshold.
 */
final class KeyPackageDirectory {
  private final PeerId self;
  private final Bytes selfIdentity;
  private final DirectorySigner signer;
  private final DirectoryRules rules;
  private final DirectoryLimits limits;
  private final NodeConfig.Directory config;
  private final NodeConfig.KeyPackages pool;

  /** Held KeyPackages by identity, then by ref, in the order heard. */
  private final LinkedHashMap<Bytes, LinkedHashMap<Bytes, VerifiedAnnouncement>> held =
      new LinkedHashMap<>();

  /** Claimed refs and when they are forgotten. */
  private final LinkedHashMap<Bytes, Long> tombstones = new LinkedHashMap<>();

  /** This node's own KeyPackages that are still unclaimed. */
  private final LinkedHashSet<Bytes> ownUnclaimed = new LinkedHashSet<>();

  private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
  private int replenishing;
  private long nextRepublishAt;
  private final Counters counters = new Counters();

  private record Pending(Bytes identity, long deadline) {}

  /** What the directory did and dropped, for monitoring and tests. */
  public static final class Counters {
    public long rejected;
    public long ignored;
    public long announcementsHeld;
    public long claimsPublished;
    public long fetchesAnswered;
  }

  public KeyPackageDirectory(
      PeerId self,
      DirectorySigner signer,
      DirectoryRules rules,
      NodeConfig.Directory config,
      NodeConfig.KeyPackages pool) {
    this.self = Objects.requireNonNull(self, "self");
    this.selfIdentity = Bytes.wrap(self.toByteArray());
    this.signer = Objects.requireNonNull(signer, "signer");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.config = Objects.requireNonNull(config, "config");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.limits = new DirectoryLimits(config);
  }

  public Counters counters() {
    return counters;
  }

  /**
   * Restores the claims stored before a restart; call before {@link #announceOwn}, so that the own
   * KeyPackages claimed meanwhile are not announced again.
   */
  public void restoreClaims(List<ClaimStore.Claim> claims, long nowMillis) {
    for (ClaimStore.Claim claim : claims) {
      if (claim.untilMillis() > nowMillis) {
        tombstones.put(claim.ref(), claim.untilMillis());
        Map<Bytes, VerifiedAnnouncement> byRef = held.get(claim.identity());
        if (byRef != null) {
          byRef.remove(claim.ref());
        }
        ownUnclaimed.remove(claim.ref());
      }
    }
    held.values().removeIf(Map::isEmpty);
  }

  /** The number of this node's single-use KeyPackages not yet claimed. */
  public int ownUnclaimedSingleUse() {
    int n = 0;
    for (Bytes ref : ownUnclaimed) {
      VerifiedAnnouncement a = heldFor(selfIdentity).get(ref);
      if (a != null && !a.lastResort()) {
        n++;
      }
    }
    return n;
  }

  /** How many KeyPackages of {@code identity} this node holds unclaimed. */
  public int heldCount(Bytes identity) {
    return heldFor(identity).size();
  }

  /**
   * Announces this node's own KeyPackages (new ones, or those found in storage at start), and asks
   * for a refill if the pool is short of its size.
   */
  public List<DirectoryEffect> announceOwn(List<Bytes> keyPackages, long nowMillis)
      throws DirectoryException {
    List<DirectoryEffect> out = new ArrayList<>();
    for (Bytes keyPackage : keyPackages) {
      DirectoryMessage.Announcement a = signer.announce(keyPackage, nowMillis);
      VerifiedAnnouncement verified = rules.verify(a, nowMillis);
      if (tombstones.containsKey(verified.ref())) {
        continue;
      }
      hold(verified);
      ownUnclaimed.add(verified.ref());
      out.add(new DirectoryEffect.Publish(a));
    }
    replenishing = Math.max(0, replenishing - keyPackages.size());
    nextRepublishAt = nowMillis + config.republishInterval().toMillis();
    checkPool(out);
    return out;
  }

  /** This node joined a group with one of its own KeyPackages: nobody may hand it out again. */
  public List<DirectoryEffect> ownConsumed(Bytes ref, long nowMillis) {
    List<DirectoryEffect> out = new ArrayList<>();
    VerifiedAnnouncement a = heldFor(selfIdentity).get(ref);
    if (a == null || !a.lastResort()) {
      claim(selfIdentity, ref, nowMillis, out);
    }
    checkPool(out);
    return out;
  }

  /** Fetches a KeyPackage of {@code identity} for the caller, under {@code requestId}. */
  public List<DirectoryEffect> fetch(Bytes identity, long requestId, long nowMillis) {
    List<DirectoryEffect> out = new ArrayList<>();
    Optional<VerifiedAnnouncement> local = take(identity, nowMillis, out);
    if (local.isPresent()) {
      out.add(new DirectoryEffect.FetchSucceeded(requestId, local.get()));
    } else {
      pending.put(requestId, new Pending(identity, nowMillis + config.fetchTimeout().toMillis()));
      out.add(
          new DirectoryEffect.Publish(
              new DirectoryMessage.FetchRequest(requestId, identity, selfIdentity)));
    }
    checkPool(out);
    return out;
  }

  /**
   * A directory message from the topic, delivered by {@code from}.
   *
   * @throws DirectoryException when it breaks a rule; the caller drops and counts it
   */
  public List<DirectoryEffect> onMessage(DirectoryMessage message, PeerId from, long nowMillis)
      throws DirectoryException {
    return receive(message, from, false, nowMillis);
  }

  /**
   * A directory message sent to this node alone by {@code from}: a fetch response, or a claim of
   * one of this node's KeyPackages by the node that handed it out (answered with the owner's
   * tombstone on the topic).
   *
   * @throws DirectoryException when it breaks a rule; the caller drops and counts it
   */
  public List<DirectoryEffect> onDirect(DirectoryMessage message, PeerId from, long nowMillis)
      throws DirectoryException {
    return receive(message, from, true, nowMillis);
  }

  private List<DirectoryEffect> receive(
      DirectoryMessage message, PeerId from, boolean direct, long nowMillis)
      throws DirectoryException {
    List<DirectoryEffect> out = new ArrayList<>();
    try {
      if (!from.equals(self)) {
        limits.admitPeer(from, nowMillis);
      }
      if (message instanceof DirectoryMessage.Announcement a) {
        VerifiedAnnouncement verified = rules.verify(a, nowMillis);
        limits.admitSigner(verified.identity(), nowMillis);
        onAnnouncement(verified, nowMillis, out);
      } else if (message instanceof DirectoryMessage.Tombstone t && direct) {
        rules.verify(t);
        onClaim(t, nowMillis, out);
      } else if (message instanceof DirectoryMessage.Tombstone t) {
        rules.verifyOwnerTombstone(t);
        limits.admitSigner(t.identity(), nowMillis);
        onTombstone(t.identity(), t.ref(), nowMillis, out);
      } else if (message instanceof DirectoryMessage.FetchRequest r) {
        onFetchRequest(r, nowMillis, out);
      } else if (message instanceof DirectoryMessage.FetchResponse r) {
        onFetchResponse(r, nowMillis, out);
      }
    } catch (DirectoryException e) {
      counters.rejected++;
      throw e;
    }
    checkPool(out);
    return out;
  }

  /** Expires fetches, tombstones and KeyPackages; re-announces the own pool when due. */
  public List<DirectoryEffect> tick(long nowMillis) {
    List<DirectoryEffect> out = new ArrayList<>();
    for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      if (e.getValue().deadline() <= nowMillis) {
        it.remove();
        out.add(
            new DirectoryEffect.FetchFailed(
                e.getKey(), e.getValue().identity(), "no KeyPackage found in time"));
      }
    }
    tombstones.values().removeIf(until -> until <= nowMillis);
    for (Map<Bytes, VerifiedAnnouncement> byRef : held.values()) {
      for (Iterator<VerifiedAnnouncement> it = byRef.values().iterator(); it.hasNext(); ) {
        VerifiedAnnouncement a = it.next();
        if (a.notAfterMillis() <= nowMillis) {
          it.remove();
          if (ownUnclaimed.remove(a.ref())) {
            out.add(new DirectoryEffect.DeleteOwn(a.ref()));
          }
        }
      }
    }
    held.values().removeIf(Map::isEmpty);
    if (nowMillis >= nextRepublishAt && !ownUnclaimed.isEmpty()) {
      nextRepublishAt = nowMillis + config.republishInterval().toMillis();
      for (VerifiedAnnouncement a : heldFor(selfIdentity).values()) {
        out.add(new DirectoryEffect.Publish(signer.announce(a.keyPackage(), nowMillis)));
      }
    }
    checkPool(out);
    return out;
  }

  private void onAnnouncement(VerifiedAnnouncement a, long nowMillis, List<DirectoryEffect> out) {
    if (tombstones.containsKey(a.ref()) || a.identity().equals(selfIdentity)) {
      counters.ignored++; // claimed already, or our own echoed back
      return;
    }
    if (!hold(a)) {
      counters.ignored++;
      return;
    }
    // A fetch that waits for this identity takes it now.
    for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      if (e.getValue().identity().equals(a.identity())) {
        Optional<VerifiedAnnouncement> taken = take(a.identity(), nowMillis, out);
        if (taken.isEmpty()) {
          break;
        }
        it.remove();
        out.add(new DirectoryEffect.FetchSucceeded(e.getKey(), taken.get()));
      }
    }
  }

  private void onTombstone(Bytes identity, Bytes ref, long nowMillis, List<DirectoryEffect> out) {
    long until = nowMillis + config.tombstoneTtl().toMillis();
    tombstones.put(ref, until);
    out.add(new DirectoryEffect.RememberClaim(ref, identity, until));
    Map<Bytes, VerifiedAnnouncement> byRef = held.get(identity);
    if (byRef != null) {
      VerifiedAnnouncement a = byRef.get(ref);
      if (a != null && !a.lastResort()) {
        byRef.remove(ref);
      }
      if (byRef.isEmpty()) {
        held.remove(identity);
      }
    }
    if (identity.equals(selfIdentity)) {
      ownUnclaimed.remove(ref);
    }
  }

  /** Another node handed out one of ours: we withdraw it for everyone. */
  private void onClaim(DirectoryMessage.Tombstone t, long nowMillis, List<DirectoryEffect> out)
      throws DirectoryException {
    if (!t.identity().equals(selfIdentity) || !ownUnclaimed.contains(t.ref())) {
      throw new DirectoryException(
          DirectoryCode.CLAIM_NOT_OWN, "not an unclaimed KeyPackage of this node");
    }
    VerifiedAnnouncement a = heldFor(selfIdentity).get(t.ref());
    if (a == null || !a.lastResort()) {
      claim(selfIdentity, t.ref(), nowMillis, out);
    }
  }

  private void onFetchRequest(
      DirectoryMessage.FetchRequest r, long nowMillis, List<DirectoryEffect> out) {
    if (r.requester().equals(selfIdentity)) {
      return;
    }
    PeerId requester;
    try {
      requester = PeerId.fromBytes(r.requester().toByteArray());
    } catch (IllegalArgumentException e) {
      counters.ignored++;
      return;
    }
    Optional<VerifiedAnnouncement> taken = take(r.identity(), nowMillis, out);
    if (taken.isPresent()) {
      counters.fetchesAnswered++;
      out.add(
          new DirectoryEffect.SendDirect(
              requester,
              new DirectoryMessage.FetchResponse(r.requestId(), taken.get().announcement())));
    }
  }

  private void onFetchResponse(
      DirectoryMessage.FetchResponse r, long nowMillis, List<DirectoryEffect> out)
      throws DirectoryException {
    Pending p = pending.get(r.requestId());
    VerifiedAnnouncement a = rules.verify(r.announcement(), nowMillis);
    if (p == null || !p.identity().equals(a.identity())) {
      counters.ignored++; // late, duplicate or for something else: the answerer claimed it anyway
      return;
    }
    pending.remove(r.requestId());
    out.add(new DirectoryEffect.FetchSucceeded(r.requestId(), a));
  }

  /** Takes an unclaimed KeyPackage of {@code identity}, single-use first, and claims it. */
  private Optional<VerifiedAnnouncement> take(
      Bytes identity, long nowMillis, List<DirectoryEffect> out) {
    VerifiedAnnouncement lastResort = null;
    for (VerifiedAnnouncement a : heldFor(identity).values()) {
      if (a.notAfterMillis() <= nowMillis) {
        continue;
      }
      if (!a.lastResort()) {
        claim(identity, a.ref(), nowMillis, out);
        return Optional.of(a);
      }
      lastResort = a;
    }
    return Optional.ofNullable(lastResort);
  }

  /**
   * Claims {@code ref} here; the owner withdraws it for everyone with a tombstone, which only the
   * owner can sign: another node sends the owner its claim instead.
   */
  private void claim(Bytes identity, Bytes ref, long nowMillis, List<DirectoryEffect> out) {
    onTombstone(identity, ref, nowMillis, out);
    counters.claimsPublished++;
    DirectoryMessage.Tombstone tombstone = signer.tombstone(identity, ref, nowMillis);
    if (identity.equals(selfIdentity)) {
      out.add(new DirectoryEffect.Publish(tombstone));
    } else {
      out.add(new DirectoryEffect.SendDirect(PeerId.fromBytes(identity.toByteArray()), tombstone));
    }
  }

  /** Holds {@code a} within the bounds; false when there is no room for a new identity. */
  private boolean hold(VerifiedAnnouncement a) {
    LinkedHashMap<Bytes, VerifiedAnnouncement> byRef = held.get(a.identity());
    if (byRef == null) {
      if (held.size() >= config.maxIdentities()) {
        return false;
      }
      byRef = new LinkedHashMap<>();
      held.put(a.identity(), byRef);
    }
    byRef.put(a.ref(), a);
    while (byRef.size() > config.maxPerIdentity() && !a.identity().equals(selfIdentity)) {
      byRef.remove(byRef.keySet().iterator().next());
    }
    counters.announcementsHeld++;
    return true;
  }

  private Map<Bytes, VerifiedAnnouncement> heldFor(Bytes identity) {
    return held.getOrDefault(identity, new LinkedHashMap<>());
  }

  private void checkPool(List<DirectoryEffect> out) {
    int have = ownUnclaimedSingleUse() + replenishing;
    if (have < pool.replenishBelow()) {
      int missing = pool.poolSize() - have;
      replenishing += missing;
      out.add(new DirectoryEffect.Replenish(missing));
    }
  }

  /** The refs this node has seen claimed and still remembers. */
  public Set<Bytes> tombstones() {
    return Set.copyOf(tombstones.keySet());
  }

  @Override
  public String toString() {
    return "KeyPackageDirectory[" + self + ", " + held.size() + " identities]";
  }
}
