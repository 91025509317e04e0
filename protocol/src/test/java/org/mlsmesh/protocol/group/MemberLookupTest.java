package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Finding a member by leaf, identity or credential. */
class MemberLookupTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void findsMembersByLeafIdentityAndCredential() throws Exception {
    Clients.Group group = new Clients(SUITE, 51, GroupConfig.DEFAULT).group(3);
    GroupState alice = group.get(0);
    LeafIndex carol = group.get(2).ownLeaf();

    assertThat(alice.member(carol).orElseThrow().credential())
        .isEqualTo(group.identities.get(2).credential());
    assertThat(alice.memberByIdentity(Clients.identityOf("member 2")).orElseThrow().index())
        .isEqualTo(carol);
    assertThat(alice.memberByCredential(group.identities.get(1).credential()).orElseThrow().index())
        .isEqualTo(group.get(1).ownLeaf());
  }

  @Test
  void findsNothingForAStrangerABlankOrAnOutsideLeaf() throws Exception {
    Clients.Group group = new Clients(SUITE, 52, GroupConfig.DEFAULT).group(3);
    LeafIndex removed = group.get(1).ownLeaf();
    group.commit(0, CommitOptions.defaults().withProposals(List.of(new Remove(removed))));
    GroupState alice = group.get(0);

    assertThat(alice.memberByIdentity(Clients.identityOf("stranger"))).isEmpty();
    assertThat(alice.memberByIdentity(Clients.identityOf("member 1"))).isEmpty();
    assertThat(alice.memberByCredential(new BasicCredential(Clients.identityOf("member 1"))))
        .isEmpty();
    assertThat(alice.member(removed)).isEmpty(); // blank
    assertThat(alice.member(new LeafIndex(1000))).isEmpty(); // outside the tree
  }
}
