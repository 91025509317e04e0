package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Beacon;
import org.mlsmesh.gossip.wire.RootTerm;

/** A root's terms over more beacons than one term holds, as another peer checks them. */
class RootTermsTest {
  private static final PeerId ROOT = Harness.peer(7).id();
  private static final PeerId PEER = Harness.peer(8).id();

  private static Beacon beacon(long seq, ByteString key, RootTerm term) {
    return Frames.beacon(ROOT, seq, false, key, term).getBeacon();
  }

  @Test
  void aRootRunsTermAfterTermAndEachRoundChecksWithAHashOrTwo() throws BadFrame {
    RootTerms root = new RootTerms(ROOT, RootSignatures.insecure(ROOT));
    RootTerms peer = new RootTerms(PEER, RootSignatures.insecure(PEER));
    RootTerm first = root.termOf(1);
    RootTerm second = null;
    for (long seq = 1; seq <= 2L * RootTerms.LENGTH + 3; seq++) {
      ByteString key = root.ownKey(seq);
      RootTerm term = root.term(ROOT).wire;
      if (term.getStart() != first.getStart() && second == null) {
        second = term;
        // The first beacon of the new term without the term: not checked yet, no penalty.
        assertThat(peer.admit(ROOT, beacon(seq, key, null), ROOT)).isNull();
      }
      if (seq % 5 == 0) {
        continue; // a lost round: the next key is hashed twice
      }
      // The term goes along until the peer holds it (as a link does until the peer forwards it).
      RootTerms.Term held = peer.term(ROOT);
      boolean attach = held == null || held.start != term.getStart();
      RootTerms.Term t = peer.admit(ROOT, beacon(seq, key, attach ? term : null), ROOT);
      assertThat(t).as("seq " + seq).isNotNull();
      assertThat(t.lastSeq).isEqualTo(seq);
      // A copy of the same round checks; an older round is no news.
      assertThat(peer.admit(ROOT, beacon(seq, key, null), ROOT)).isSameAs(t);
      if (seq > 1) {
        assertThat(peer.admit(ROOT, beacon(seq - 1, key, null), ROOT)).isNull();
      }
    }
    assertThat(second).isNotNull();
    assertThat(second.getStart()).isEqualTo(1 + RootTerms.LENGTH);
    // The next key is the root's alone: a key of another chain does not check.
    long next = 2L * RootTerms.LENGTH + 4;
    ByteString other = new RootTerms(ROOT, RootSignatures.insecure(ROOT)).ownKey(next);
    assertThatThrownBy(() -> peer.admit(ROOT, beacon(next, other, null), ROOT))
        .isInstanceOf(BadFrame.class);
    assertThat(peer.admit(ROOT, beacon(next, root.ownKey(next), null), ROOT)).isNotNull();
  }
}
