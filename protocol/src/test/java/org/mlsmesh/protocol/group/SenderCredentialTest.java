package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.Remove;

/** Every processed message names the credential its sender signed with (RFC 9420 §5.3, §6). */
class SenderCredentialTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void applicationProposalAndCommitNameTheirSender() throws Exception {
    Clients clients = new Clients(SUITE, 41, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    MlsMessage hello = group.get(1).encrypt(Bytes.of(new byte[] {1}), Bytes.EMPTY, 0);
    Processed.Application application =
        (Processed.Application) group.get(0).process(hello, Clients.NOW);
    assertThat(application.senderCredential()).isEqualTo(group.identities.get(1).credential());
    assertThat(application.sender()).isEqualTo(group.get(1).ownLeaf());

    MlsMessage update = group.get(2).proposeUpdate(Clients.NOW);
    Processed queued = group.get(0).process(update, Clients.NOW);
    assertThat(queued).isInstanceOf(Processed.ProposalQueued.class);
    assertThat(queued.senderCredential()).isEqualTo(group.identities.get(2).credential());
    group.get(1).process(update, Clients.NOW);

    CommitResult result = group.get(1).commit(CommitOptions.defaults(), Clients.NOW);
    assertThat(result.staged().committerCredential())
        .isEqualTo(group.identities.get(1).credential());
    Processed staged = group.get(0).process(result.commit(), Clients.NOW);
    assertThat(staged.senderCredential()).isEqualTo(group.identities.get(1).credential());
    assertThat(((Processed.CommitStaged) staged).commit().committerCredential())
        .isEqualTo(group.identities.get(1).credential());
  }

  @Test
  void aLateApplicationMessageNamesTheCredentialOfItsEpoch() throws Exception {
    Clients clients = new Clients(SUITE, 42, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    MlsMessage late = group.get(1).encrypt(Bytes.of(new byte[] {2}), Bytes.EMPTY, 0);
    group.commit(0, CommitOptions.defaults());
    Processed processed = group.get(0).process(late, Clients.NOW);
    assertThat(processed.senderCredential()).isEqualTo(group.identities.get(1).credential());
  }

  @Test
  void aRemovalNamesTheCommitter() throws Exception {
    Clients clients = new Clients(SUITE, 43, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    CommitResult removal = group.get(0).removeMembers(List.of(group.get(2).ownLeaf()), Clients.NOW);
    Processed removed = group.get(2).process(removal.commit(), Clients.NOW);
    assertThat(removed).isInstanceOf(Processed.Removed.class);
    assertThat(removed.senderCredential()).isEqualTo(group.identities.get(0).credential());
  }

  @Test
  void anExternalSenderIsNamedByItsCredential() throws Exception {
    Clients clients = new Clients(SUITE, 44, GroupConfig.DEFAULT);
    Clients.Identity service = clients.identity("service");
    Extension senders = Clients.externalSenders(service);
    Clients.Identity alice = clients.identity("alice");
    GroupState group = clients.create(alice, List.of(senders));
    Clients.Identity bob = clients.identity("bob");
    GroupState withBob =
        group
            .addMembers(List.of(clients.keyPackage(bob).keyPackage()), Clients.NOW)
            .staged()
            .merge();
    MlsMessage remove =
        Forge.publicMessage(
            withBob,
            Forge.framed(
                withBob, Sender.external(0), Content.proposal(new Remove(withBob.ownLeaf()))),
            service.signer().privateKey(),
            Optional.empty());
    assertThat(withBob.process(remove, Clients.NOW).senderCredential())
        .isEqualTo(service.credential());
  }

  @Test
  void anExternalJoinerIsNamedByItsCredential() throws Exception {
    Clients clients = new Clients(SUITE, 45, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    Clients.Identity joiner = clients.identity("joiner");
    ExternalCommit external =
        ExternalCommit.create(
            clients.env,
            group.get(0).groupInfo(true, true),
            Optional.empty(),
            joiner.signer(),
            joiner.credential(),
            Optional.empty(),
            Clients.NOW);
    assertThat(group.get(1).process(external.commit(), Clients.NOW).senderCredential())
        .isEqualTo(joiner.credential());
  }
}
