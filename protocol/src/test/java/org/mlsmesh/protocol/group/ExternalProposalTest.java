package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.Remove;

/** Proposals from outside the group (RFC 9420 §12.1.8): external senders and new members. */
class ExternalProposalTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void externalSenderRemovesAMember() throws Exception {
    Clients clients = new Clients(SUITE, 31, GroupConfig.DEFAULT);
    Clients.Identity service = clients.identity("service");
    Extension senders = Clients.externalSenders(service);
    Clients.Group group = clients.group(1);
    // Replace the one-member group by one created with the extension.
    group.states.set(0, clients.create(group.identities.get(0), List.of(senders)));
    Clients.Identity bob = clients.identity("bob");
    KeyPackageBundle bobKeys = clients.keyPackage(bob);
    CommitResult add =
        group.commit(
            0, CommitOptions.defaults().withProposals(List.of(new Add(bobKeys.keyPackage()))));
    group.states.add(clients.join(add.welcome().orElseThrow(), bobKeys, bob));

    GroupState alice = group.get(0);
    MlsMessage remove =
        Forge.publicMessage(
            alice,
            Forge.framed(
                alice, Sender.external(0), Content.proposal(new Remove(group.get(1).ownLeaf()))),
            service.signer().privateKey(),
            Optional.empty());
    assertThat(group.get(1).process(remove, Clients.NOW))
        .isInstanceOf(Processed.ProposalQueued.class);
    assertThat(alice.process(remove, Clients.NOW)).isInstanceOf(Processed.ProposalQueued.class);
    group.commit(0, CommitOptions.defaults());
    assertThat(group.states.get(1)).isNull();
    assertThat(group.get(0).members()).hasSize(1);
  }

  @Test
  void newMemberProposesItsOwnAdd() throws Exception {
    Clients clients = new Clients(SUITE, 37, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    Clients.Identity carol = clients.identity("carol");
    KeyPackageBundle carolKeys = clients.keyPackage(carol);
    GroupState alice = group.get(0);
    MlsMessage proposal =
        Forge.publicMessage(
            alice,
            Forge.framed(
                alice,
                Sender.newMemberProposal(),
                Content.proposal(new Add(carolKeys.keyPackage()))),
            carol.signer().privateKey(),
            Optional.empty());
    for (GroupState member : group.states) {
      assertThat(member.process(proposal, Clients.NOW))
          .isInstanceOf(Processed.ProposalQueued.class);
    }
    CommitResult result = group.commit(1, CommitOptions.defaults());
    group.states.add(clients.join(result.welcome().orElseThrow(), carolKeys, carol));
    group.assertInSync();
  }
}
