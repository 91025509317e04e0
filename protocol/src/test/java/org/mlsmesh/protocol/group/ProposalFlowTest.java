package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.Proposal;

/** Proposals sent on their own and committed by reference, with both handshake wire formats. */
class ProposalFlowTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients clients(boolean encrypt) {
    return new Clients(SUITE, 3, GroupConfig.DEFAULT.withEncryptHandshake(encrypt));
  }

  /** Sends {@code proposal} from {@code from} to every other member, which queue it. */
  private static void broadcast(Clients.Group group, int from, MlsMessage proposal)
      throws Exception {
    for (int i = 0; i < group.states.size(); i++) {
      if (i != from && group.get(i) != null) {
        Processed processed = group.get(i).process(proposal, Clients.NOW);
        assertThat(processed).isInstanceOf(Processed.ProposalQueued.class);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void updatesRemovesAndAddsByReference(boolean encrypt) throws Exception {
    Clients clients = clients(encrypt);
    Clients.Group group = clients.group(4);
    broadcast(group, 1, group.get(1).proposeUpdate(Clients.NOW));
    broadcast(group, 2, group.get(2).proposeRemove(group.get(3).ownLeaf()));
    Clients.Identity eve = clients.identity("eve");
    KeyPackageBundle eveKeys = clients.keyPackage(eve);
    broadcast(group, 3, group.get(3).proposeAdd(eveKeys.keyPackage(), Clients.NOW));
    assertThat(group.get(0).pendingProposals()).hasSize(3);

    CommitResult result = group.commit(0, CommitOptions.defaults());
    assertThat(result.staged().proposals()).hasSize(3);
    assertThat(result.staged().proposals(Proposal.Kind.UPDATE)).hasSize(1);
    assertThat(group.states.get(3)).isNull();
    group.states.add(clients.join(result.welcome().orElseThrow(), eveKeys, eve));
    group.assertInSync();
    assertThat(group.get(0).hasPendingProposals()).isFalse();

    // Member 1's keys follow its committed Update: it can still process a full Commit.
    group.commit(2, CommitOptions.defaults());
    group.assertInSync();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pskAndGroupContextExtensions(boolean encrypt) throws Exception {
    Clients clients = clients(encrypt);
    Bytes pskId = Bytes.of("psk".getBytes(StandardCharsets.UTF_8));
    clients.env =
        clients.env.withPsks(PskStore.external(Map.of(pskId, Secret.of(new byte[] {1, 2, 3}))));
    Clients.Group group = clients.group(3);
    broadcast(group, 1, group.get(1).proposeExternalPsk(pskId));
    broadcast(group, 2, group.get(2).proposeResumptionPsk(group.get(2).currentEpoch()));
    List<Extension> extensions =
        List.of(new Extension(Extension.APPLICATION_ID, Bytes.of(new byte[] {7})));
    broadcast(group, 0, group.get(0).proposeGroupContextExtensions(extensions));
    group.commit(1, CommitOptions.defaults());
    group.assertInSync();
    assertThat(group.get(0).extensions()).isEqualTo(extensions);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void addWithoutPath(boolean encrypt) throws Exception {
    Clients clients = clients(encrypt);
    Clients.Group group = clients.group(2);
    Clients.Identity carol = clients.identity("carol");
    KeyPackageBundle carolKeys = clients.keyPackage(carol);
    CommitResult result =
        group.commit(
            1,
            CommitOptions.defaults()
                .withForcePath(false)
                .withProposals(List.of(new Add(carolKeys.keyPackage()))));
    group.states.add(clients.join(result.welcome().orElseThrow(), carolKeys, carol));
    group.assertInSync();
    group.commit(2, CommitOptions.defaults());
    group.assertInSync();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void applicationDataWaitsForPendingProposals(boolean encrypt) throws Exception {
    Clients.Group group = clients(encrypt).group(2);
    broadcast(group, 0, group.get(0).proposeUpdate(Clients.NOW));
    assertThatThrownBy(() -> group.get(1).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0))
        .isInstanceOf(IllegalStateException.class);
    group.commit(1, CommitOptions.defaults());
    group.assertInSync();
    assertThat(group.get(1).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void reInitStopsTheGroup(boolean encrypt) throws Exception {
    Clients.Group group = clients(encrypt).group(2);
    Bytes newId = Bytes.of("new group".getBytes(StandardCharsets.UTF_8));
    broadcast(group, 1, group.get(1).proposeReInit(newId, SUITE, List.of()));
    CommitResult result = group.commit(0, CommitOptions.defaults());
    assertThat(result.staged().reInit()).isPresent();
    group.assertInSync();
    for (GroupState state : group.states) {
      assertThat(state.pendingReInit().orElseThrow().groupId()).isEqualTo(newId);
      assertThatThrownBy(() -> state.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> state.commit(CommitOptions.defaults(), Clients.NOW))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
