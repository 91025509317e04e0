package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.tree.LeafIndex;

/** addMembers, removeMembers, removeMembersByIdentity, selfUpdate, commitPendingProposals. */
class ConvenienceCommitTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void addsMembersWithAWelcome() throws Exception {
    Clients clients = new Clients(SUITE, 61, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(1);
    Clients.Identity bob = clients.identity("bob");
    var bobKeys = clients.keyPackage(bob);
    CommitResult result = group.get(0).addMembers(List.of(bobKeys.keyPackage()), Clients.NOW);
    group.deliver(0, result);
    group.states.add(clients.join(result.welcome().orElseThrow(), bobKeys, bob));
    group.assertInSync();
    assertThat(group.get(0).members()).hasSize(2);
  }

  @Test
  void removesMembersByLeafAndByIdentity() throws Exception {
    Clients.Group group = new Clients(SUITE, 62, GroupConfig.DEFAULT).group(4);
    group.deliver(0, group.get(0).removeMembers(List.of(group.get(1).ownLeaf()), Clients.NOW));
    assertThat(group.states.get(1)).isNull();
    group.deliver(
        0,
        group.get(0).removeMembersByIdentity(List.of(Clients.identityOf("member 3")), Clients.NOW));
    assertThat(group.states.get(3)).isNull();
    group.assertInSync();
    assertThat(group.get(0).members()).hasSize(2);
  }

  @Test
  void selfUpdateReplacesTheLeafKey() throws Exception {
    Clients.Group group = new Clients(SUITE, 63, GroupConfig.DEFAULT).group(2);
    LeafIndex bob = group.get(1).ownLeaf();
    Bytes before = group.get(1).member(bob).orElseThrow().leafNode().encryptionKey();
    CommitResult update = group.get(1).selfUpdate(Clients.NOW);
    group.deliver(1, update);
    group.assertInSync();
    assertThat(group.get(1).member(bob).orElseThrow().leafNode().encryptionKey())
        .isNotEqualTo(before);
  }

  @Test
  void commitsPendingProposals() throws Exception {
    Clients.Group group = new Clients(SUITE, 64, GroupConfig.DEFAULT).group(3);
    group.broadcast(2, group.get(2).proposeUpdate(Clients.NOW));
    assertThat(group.get(0).hasPendingProposals()).isTrue();
    CommitResult result = group.get(0).commitPendingProposals(Clients.NOW);
    assertThat(result.staged().proposals())
        .extracting(CommittedProposal::kind)
        .containsExactly(Proposal.Kind.UPDATE);
    group.deliver(0, result);
    group.assertInSync();
    assertThat(group.get(0).hasPendingProposals()).isFalse();
  }

  @Test
  void refusesEmptyListsOwnLeafStrangersAndBlankLeaves() throws Exception {
    Clients.Group group = new Clients(SUITE, 65, GroupConfig.DEFAULT).group(3);
    GroupState alice = group.get(0);
    assertThatThrownBy(() -> alice.addMembers(List.of(), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no KeyPackage");
    assertThatThrownBy(() -> alice.removeMembers(List.of(), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no member to remove");
    assertThatThrownBy(() -> alice.removeMembers(List.of(alice.ownLeaf()), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its own removal");
    assertThatThrownBy(() -> alice.removeMembers(List.of(new LeafIndex(9)), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no member at");
    assertThatThrownBy(
            () ->
                alice.removeMembersByIdentity(List.of(Clients.identityOf("stranger")), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no member has the identity");
    assertThatThrownBy(
            () ->
                alice.removeMembersByIdentity(List.of(Clients.identityOf("member 0")), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its own removal");
    assertThat(alice.pendingCommit()).isEmpty();
  }
}
