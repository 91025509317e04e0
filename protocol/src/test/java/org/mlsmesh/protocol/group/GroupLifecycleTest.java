package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.AllSuites;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A group's life over every cipher suite: created, members added by Welcome, every member commits
 * an update, a member is removed, application messages in both directions; all members agree on the
 * epoch authenticator and exporter output at every epoch.
 */
class GroupLifecycleTest {
  @AllSuites
  void lifecycle(CipherSuite suite) throws Exception {
    Clients clients = new Clients(suite);
    Clients.Group group = clients.group(3);
    group.assertInSync();
    assertThat(group.get(2).members()).hasSize(3);

    // A fourth member, added by member 1 without the tree in the Welcome.
    Clients.Identity dave = clients.identity("dave");
    KeyPackageBundle daveKeys = clients.keyPackage(dave);
    CommitResult add =
        group.commit(
            1,
            CommitOptions.defaults()
                .withProposals(List.of(new Add(daveKeys.keyPackage())))
                .withRatchetTreeInWelcome(false));
    StagedWelcome staged =
        GroupState.stageWelcome(
            clients.env,
            add.welcome().orElseThrow(),
            daveKeys,
            dave.signer(),
            java.util.Optional.of(group.get(1).tree()),
            Clients.NOW);
    assertThat(staged.sender().index()).isEqualTo(group.get(1).ownLeaf());
    group.states.add(staged.join());
    group.identities.add(dave);
    group.assertInSync();

    // Every member commits an update of its own leaf.
    for (int i = 0; i < group.states.size(); i++) {
      long before = group.get(i).currentEpoch();
      group.commit(i, CommitOptions.defaults());
      assertThat(group.get(i).currentEpoch()).isEqualTo(before + 1);
      group.assertInSync();
    }

    // Application messages both ways.
    exchange(group, 0, 3);
    exchange(group, 3, 0);

    // Member 2 is removed by member 3.
    LeafIndex removed = group.get(2).ownLeaf();
    group.commit(3, CommitOptions.defaults().withProposals(List.of(new Remove(removed))));
    assertThat(group.states.get(2)).isNull();
    group.assertInSync();
    assertThat(group.get(0).members()).hasSize(3);
    exchange(group, 1, 0);
  }

  private static void exchange(Clients.Group group, int from, int to) throws Exception {
    Bytes text = Bytes.of(("hello from " + from).getBytes(StandardCharsets.UTF_8));
    Bytes aad = Bytes.of(new byte[] {1, 2});
    MlsMessage message = group.get(from).encrypt(text, aad, 16);
    Processed processed = group.get(to).process(message, Clients.NOW);
    assertThat(processed).isInstanceOf(Processed.Application.class);
    Processed.Application application = (Processed.Application) processed;
    assertThat(application.data()).isEqualTo(text);
    assertThat(application.authenticatedData()).isEqualTo(aad);
    assertThat(application.sender()).isEqualTo(group.get(from).ownLeaf());
  }
}
