package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.mlsmesh.gossip.wire.Beacon;
import org.mlsmesh.gossip.wire.RootTerm;

/**
 * What makes a root's beacons authentic ({@link RootedTree}): a root beacons under a term, a hash
 * chain of {@value #LENGTH} keys whose first key (the anchor) it signed with its long-term key. The
 * beacon of seq {@code s} carries key {@code s}; hashing it {@code s - t} times gives the key of an
 * earlier seq {@code t}, which a peer already checked, so only the root, which made the chain
 * backwards from a secret seed, can make the beacon of a new seq. Checking a round costs a hash or
 * two; a signature is checked once per term and root ({@value #LENGTH} beacon intervals).
 *
 * <p>So a peer cannot make itself the root under another peer's id or an id no one holds the key
 * of, nor run rounds of the true root ahead of it, nor keep a silent root alive: a beacon whose
 * term or key does not check is an invalid frame (an honest peer forwards only beacons that
 * checked). What it can still do is become the root under its own id, if that is the smallest: ids
 * are hashes of keys, which can be ground.
 */
final class RootTerms {
  /** Beacons per term: about 17 minutes at one a second. */
  static final int LENGTH = 1024;

  static final int KEY_BYTES = 16;

  /** Terms of roots other than the current one and this peer, kept for when they beacon again. */
  private static final int MAX_KNOWN = 8;

  private static final ByteString TERM_LABEL = ByteString.copyFromUtf8("mlsmesh root term v1");
  private static final ByteString SEED_LABEL = ByteString.copyFromUtf8("mlsmesh root chain v1");

  /** One root's term as this peer checked it: the newest key it saw, and its seq. */
  static final class Term {
    final PeerId root;
    final long start;
    final int length;
    final RootTerm wire;
    long lastSeq;
    ByteString lastKey;

    Term(PeerId root, RootTerm wire) {
      this.root = root;
      this.start = wire.getStart();
      this.length = wire.getLength();
      this.wire = wire;
      this.lastSeq = start;
      this.lastKey = wire.getAnchor();
    }

    boolean covers(long seq) {
      return seq >= start && seq - start < length;
    }
  }

  private final PeerId self;
  private final RootSignatures signatures;
  private final LinkedHashMap<PeerId, Term> known = new LinkedHashMap<>();
  private ByteString[] ownKeys;

  RootTerms(PeerId self, RootSignatures signatures) {
    this.self = self;
    this.signatures = signatures;
  }

  /** This peer's own signed term starting at {@code seq} (begun if it has none covering it). */
  RootTerm termOf(long seq) {
    ownKey(seq);
    return known.get(self).wire;
  }

  /** The term of {@code root} this peer checked; null when none. */
  Term term(PeerId root) {
    return known.get(root);
  }

  /** The key of this peer's own beacon {@code seq}, under a new term when the last one ran out. */
  ByteString ownKey(long seq) {
    Term own = known.get(self);
    if (own == null || !own.covers(seq)) {
      own = startOwn(seq);
    }
    own.lastSeq = seq;
    own.lastKey = ownKeys[(int) (seq - own.start)];
    return own.lastKey;
  }

  private Term startOwn(long start) {
    // The seed is secret (only this key can sign) and needs no randomness: a signature of ours.
    ByteString seed = signatures.sign(SEED_LABEL.concat(self.toByteString()).concat(u64(start)));
    ownKeys = new ByteString[LENGTH];
    ownKeys[LENGTH - 1] = step(seed);
    for (int i = LENGTH - 2; i >= 0; i--) {
      ownKeys[i] = step(ownKeys[i + 1]);
    }
    RootTerm unsigned =
        RootTerm.newBuilder().setStart(start).setLength(LENGTH).setAnchor(ownKeys[0]).build();
    Term own =
        new Term(
            self,
            unsigned.toBuilder().setSignature(signatures.sign(signed(self, unsigned))).build());
    remember(own, self);
    return own;
  }

  /**
   * The term under which {@code beacon} of {@code root} is authentic, after taking in the term it
   * carries; its key becomes the newest of the term. Null when this peer cannot tell yet (it holds
   * no term of the root that covers the seq: the term comes with the next beacons) or the seq is
   * older than one it checked.
   *
   * @param current the current root, whose term is kept
   * @throws BadFrame when the term's signature or the key does not check: a forgery
   */
  Term admit(PeerId root, Beacon beacon, PeerId current) throws BadFrame {
    Term t = known.get(root);
    if (beacon.hasTerm() && (t == null || beacon.getTerm().getStart() > t.start)) {
      t = checked(root, beacon.getTerm());
      remember(t, current);
    }
    long seq = beacon.getSeq();
    if (t == null || !t.covers(seq) || seq < t.lastSeq) {
      return null;
    }
    ByteString key = beacon.getKey();
    if (key.size() != KEY_BYTES) {
      throw new BadFrame("beacon key of " + key.size() + " bytes");
    }
    ByteString earlier = key;
    for (long s = seq; s > t.lastSeq; s--) {
      earlier = step(earlier);
    }
    if (!earlier.equals(t.lastKey)) {
      throw new BadFrame("beacon key off the root's chain");
    }
    t.lastSeq = seq;
    t.lastKey = key;
    return t;
  }

  private Term checked(PeerId root, RootTerm term) throws BadFrame {
    if (term.getLength() < 1
        || term.getLength() > LENGTH
        || term.getAnchor().size() != KEY_BYTES
        || term.getStart() < 0
        || term.getStart() > Long.MAX_VALUE - LENGTH) {
      throw new BadFrame("malformed root term");
    }
    RootTerm unsigned = term.toBuilder().clearSignature().build();
    if (!signatures.verify(root, signed(root, unsigned), term.getSignature())) {
      throw new BadFrame("root term not signed by the root");
    }
    return new Term(root, term);
  }

  private void remember(Term t, PeerId current) {
    known.put(t.root, t);
    Iterator<PeerId> it = known.keySet().iterator();
    while (known.size() > MAX_KNOWN + 2 && it.hasNext()) {
      PeerId p = it.next();
      if (!p.equals(self) && !p.equals(current) && !p.equals(t.root)) {
        it.remove();
      }
    }
  }

  private static ByteString signed(PeerId root, RootTerm unsigned) {
    return TERM_LABEL
        .concat(root.toByteString())
        .concat(u64(unsigned.getStart()))
        .concat(u64(unsigned.getLength()))
        .concat(unsigned.getAnchor());
  }

  private static ByteString u64(long v) {
    return ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
  }

  /** One step down the chain: the first {@value #KEY_BYTES} bytes of the SHA-256. */
  static ByteString step(ByteString key) {
    return ByteString.copyFrom(Sha256Id.sha256(key), 0, KEY_BYTES);
  }
}
