package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.conformance.PassiveClientCheck;
import org.mlsmesh.protocol.conformance.VectorCase;
import org.mlsmesh.protocol.conformance.VectorMismatch;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Remove;

/**
 * Runs {@link PassiveClientCheck} over a passive-client case made by this implementation (the
 * vendored file has no epochs): a client joins, then follows Commits that cover Updates, Adds,
 * Removes and PSKs, by reference and by value.
 */
class PassiveClientVectorTest {
  private static final Bytes PSK_ID = Bytes.of(new byte[] {'e', 'x', 't'});
  private static final Bytes PSK = Bytes.of(new byte[] {1, 2, 3, 4});

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void followsCommits(boolean treeInWelcome) throws Exception {
    Map<String, Object> vector = passiveClientCase(treeInWelcome, false);
    new PassiveClientCheck("passive-client").check(VectorCase.of(vector, "generated"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void detectsAWrongEpochAuthenticator(boolean treeInWelcome) throws Exception {
    Map<String, Object> vector = passiveClientCase(treeInWelcome, true);
    assertThatThrownBy(
            () -> new PassiveClientCheck("passive-client").check(VectorCase.of(vector, "bad")))
        .isInstanceOf(VectorMismatch.class)
        .hasMessageContaining("epochs[2].epoch_authenticator");
  }

  private static Map<String, Object> passiveClientCase(boolean treeInWelcome, boolean corrupt)
      throws Exception {
    CipherSuite suite = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;
    Clients clients = new Clients(suite, 41, GroupConfig.DEFAULT.withEncryptHandshake(false));
    clients.env = clients.env.withPsks(PskStore.external(Map.of(PSK_ID, Secret.of(PSK))));
    Clients.Group group = clients.group(2);

    Clients.Identity passive = clients.identity("passive");
    KeyPackageBundle keys = clients.keyPackage(passive);
    CommitResult added =
        group.commit(
            0,
            CommitOptions.defaults()
                .withRatchetTreeInWelcome(treeInWelcome)
                .withProposals(List.of(new Add(keys.keyPackage()))));
    Map<String, Object> vector = new LinkedHashMap<>();
    vector.put("cipher_suite", suite.id());
    vector.put("external_psks", List.of(Map.of("psk_id", PSK_ID.toHex(), "psk", PSK.toHex())));
    vector.put("key_package", MlsMessage.of(keys.keyPackage()).encoded().toHex());
    vector.put("signature_priv", passive.signer().privateKey().insecureAsBytes().toHex());
    vector.put("encryption_priv", keys.encryptionPrivateKey().insecureAsBytes().toHex());
    vector.put("init_priv", keys.initPrivateKey().insecureAsBytes().toHex());
    vector.put("welcome", added.welcome().orElseThrow().encoded().toHex());
    vector.put(
        "ratchet_tree", treeInWelcome ? null : group.get(0).tree().toNodes().encoded().toHex());
    vector.put("initial_epoch_authenticator", group.get(0).epochAuthenticator().toHex());

    List<Map<String, Object>> epochs = new ArrayList<>();
    // Epoch 1: an Update and an Add by reference, committed by member 0.
    Clients.Identity carol = clients.identity("carol");
    KeyPackageBundle carolKeys = clients.keyPackage(carol);
    List<MlsMessage> proposals =
        List.of(
            group.get(1).proposeUpdate(Clients.NOW),
            group.get(0).proposeAdd(carolKeys.keyPackage(), Clients.NOW));
    deliverProposals(group, proposals);
    CommitResult addsCarol = group.commit(0, CommitOptions.defaults());
    epochs.add(epoch(group, proposals, 0, addsCarol));
    group.states.add(clients.join(addsCarol.welcome().orElseThrow(), carolKeys, carol));
    // Epoch 2: an external PSK by reference and a Remove by value, committed by member 1.
    proposals = List.of(group.get(0).proposeExternalPsk(PSK_ID));
    deliverProposals(group, proposals);
    CommitOptions removeCarol =
        CommitOptions.defaults().withProposals(List.of(new Remove(group.get(2).ownLeaf())));
    epochs.add(epoch(group, proposals, 1, group.commit(1, removeCarol)));
    // Epoch 3: an empty Commit.
    epochs.add(epoch(group, List.of(), 0, group.commit(0, CommitOptions.defaults())));
    if (corrupt) {
      epochs.get(2).put("epoch_authenticator", Bytes.wrap(new byte[32]).toHex());
    }
    vector.put("epochs", epochs);
    return vector;
  }

  private static void deliverProposals(Clients.Group group, List<MlsMessage> proposals)
      throws Exception {
    for (MlsMessage proposal : proposals) {
      for (GroupState state : group.states) {
        if (state != null) {
          state.process(proposal, Clients.NOW);
        }
      }
    }
  }

  /** The vector entry of a Commit already delivered to the group. */
  private static Map<String, Object> epoch(
      Clients.Group group, List<MlsMessage> proposals, int committer, CommitResult result) {
    Map<String, Object> epoch = new LinkedHashMap<>();
    List<String> encoded = new ArrayList<>();
    proposals.forEach(p -> encoded.add(p.encoded().toHex()));
    epoch.put("proposals", encoded);
    epoch.put("commit", result.commit().encoded().toHex());
    epoch.put("epoch_authenticator", group.get(committer).epochAuthenticator().toHex());
    return epoch;
  }
}
