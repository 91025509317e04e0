package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.AllSuites;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;

/**
 * Saving a member's state mid-conversation and loading it: the loaded state continues exactly where
 * the saved one was, with the members that never saved.
 */
class GroupStateCodecTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Bytes text(int i) {
    return Bytes.of(new byte[] {(byte) i, (byte) (i >> 8)});
  }

  private static Bytes receive(GroupState state, MlsMessage message) throws Exception {
    return ((Processed.Application) state.process(message, Clients.NOW)).data();
  }

  /** Saves {@code state}, loads it back and destroys the saved bytes. */
  static GroupState reload(GroupState state, GroupEnvironment env) throws Exception {
    SavedGroupState saved = state.save();
    try {
      return GroupState.load(env, saved);
    } finally {
      saved.destroy();
    }
  }

  @AllSuites
  void continuesAConversationAfterLoading(CipherSuite suite) throws Exception {
    Clients clients = new Clients(suite, 5, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    // A late message of epoch 1, kept for the window of past epochs.
    MlsMessage late = group.get(0).encrypt(text(100), Bytes.EMPTY, 0);
    group.commit(2, CommitOptions.defaults());
    List<MlsMessage> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(group.get(0).encrypt(text(i), Bytes.of(new byte[] {1}), 16));
    }
    // Member 1 has received messages 1 and 4 when it saves: 0, 2 and 3 are pending (kept keys),
    // 5 is ahead of its ratchet.
    assertThat(receive(group.get(1), sent.get(1))).isEqualTo(text(1));
    assertThat(receive(group.get(1), sent.get(4))).isEqualTo(text(4));

    GroupState loaded = reload(group.get(1), clients.env);
    assertThat(loaded.ownLeaf()).isEqualTo(group.get(1).ownLeaf());
    assertThat(loaded.tree().toNodes()).isEqualTo(group.get(1).tree().toNodes());
    group.get(1).destroy();
    group.states.set(1, loaded);
    for (int i : new int[] {3, 0, 5, 2}) {
      assertThat(receive(loaded, sent.get(i))).isEqualTo(text(i));
    }
    assertThat(receive(loaded, late)).isEqualTo(text(100));
    // Keys of messages decrypted before saving were deleted (RFC 9420 §9.2).
    for (int i : new int[] {1, 4}) {
      MlsMessage again = sent.get(i);
      assertThatThrownBy(() -> loaded.process(again, Clients.NOW))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> assertThat(e.code()).isEqualTo(ValidationCode.MESSAGE_KEY_UNAVAILABLE));
    }
    group.assertInSync();

    // It sends, commits, and processes the others' Commits like a member that never saved.
    assertThat(receive(group.get(2), loaded.encrypt(text(7), Bytes.EMPTY, 0))).isEqualTo(text(7));
    group.commit(1, CommitOptions.defaults().withForcePath(true));
    group.assertInSync();
    group.commit(0, CommitOptions.defaults().withForcePath(true));
    group.assertInSync();
    assertThat(receive(group.get(0), group.get(1).encrypt(text(8), Bytes.EMPTY, 0)))
        .isEqualTo(text(8));
  }

  @Test
  void pendingProposalsSurvive() throws Exception {
    Clients clients = new Clients(SUITE, 6, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(4);
    MlsMessage remove = group.get(2).proposeRemove(group.get(3).ownLeaf());
    MlsMessage update = group.get(1).proposeUpdate(Clients.NOW);
    for (int member : new int[] {0, 1, 3}) {
      group.get(member).process(remove, Clients.NOW);
    }
    for (int member : new int[] {0, 2, 3}) {
      group.get(member).process(update, Clients.NOW);
    }
    // Member 1 saves with a proposal received and its own Update (whose leaf key it must keep).
    List<QueuedProposal> pending = group.get(1).pendingProposals();
    assertThat(pending).hasSize(2);
    GroupState loaded = reload(group.get(1), clients.env);
    assertThat(loaded.pendingProposals()).isEqualTo(pending);
    group.states.set(1, loaded);

    CommitResult result = group.commit(0, CommitOptions.defaults());
    assertThat(result.staged().proposals(Proposal.Kind.UPDATE)).hasSize(1);
    assertThat(result.staged().proposals(Proposal.Kind.REMOVE)).hasSize(1);
    assertThat(group.states.get(3)).isNull();
    group.assertInSync();
    // Member 1 holds the private key of its committed Update's leaf: a path to it decrypts.
    group.commit(2, CommitOptions.defaults().withForcePath(true));
    group.assertInSync();
  }

  @Test
  void savingTwiceGivesTheSameBytes() throws Exception {
    Clients clients = new Clients(SUITE, 7, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    group.commit(0, CommitOptions.defaults());
    group.get(1).process(group.get(0).encrypt(text(1), Bytes.EMPTY, 0), Clients.NOW);
    group.get(1).process(group.get(2).proposeUpdate(Clients.NOW), Clients.NOW);
    SavedGroupState first = group.get(1).save();
    GroupState loaded = GroupState.load(clients.env, first);
    SavedGroupState second = loaded.save();
    assertThat(second.exposeBytes()).isEqualTo(first.exposeBytes());
    // Saving does not consume or change anything.
    assertThat(group.get(1).save().exposeBytes()).isEqualTo(first.exposeBytes());
  }

  @Test
  void theConfigurationIsSavedWithTheState() throws Exception {
    GroupConfig config =
        GroupConfig.DEFAULT
            .withPastEpochs(5)
            .withResumptionPskEpochs(3)
            .withEncryptHandshake(false)
            .withCheckReceivedLifetimes(true)
            .withIncomingHandshake(HandshakeWireFormats.PUBLIC_ONLY)
            .withSecretTree(new org.mlsmesh.protocol.schedule.SecretTreeConfig(7, 70));
    Clients clients = new Clients(SUITE, 8, config);
    Clients.Group group = clients.group(2);
    GroupState loaded = reload(group.get(0), new Clients(SUITE).env);
    assertThat(loaded.environment().config()).isEqualTo(config);
  }

  @Test
  void resumptionPsksAreKept() throws Exception {
    Clients clients = new Clients(SUITE, 9, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    long first = group.get(0).currentEpoch();
    group.commit(0, CommitOptions.defaults());
    group.commit(1, CommitOptions.defaults());
    GroupState loaded = reload(group.get(1), clients.env);
    assertThat(loaded.resumptionPsk(first)).isEqualTo(group.get(1).resumptionPsk(first));
    assertThat(loaded.resumptionPsk(first)).isPresent();
    group.states.set(1, loaded);
    // A resumption PSK of an earlier epoch, proposed and committed after loading.
    MlsMessage psk = loaded.proposeResumptionPsk(first);
    group.get(0).process(psk, Clients.NOW);
    group.commit(0, CommitOptions.defaults());
    group.assertInSync();
  }

  @Test
  void aStateWhoseKeysWereHandedOnLoadsWithoutThem() throws Exception {
    Clients clients = new Clients(SUITE, 10, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    GroupState parent = group.get(1);
    MlsMessage inParentEpoch = group.get(0).encrypt(text(1), Bytes.EMPTY, 0);
    group.commit(0, CommitOptions.defaults());
    GroupState loadedParent = reload(parent, clients.env);
    assertThat(loadedParent.epochAuthenticator()).isEqualTo(parent.epochAuthenticator());
    assertThatThrownBy(() -> loadedParent.process(inParentEpoch, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.MESSAGE_KEY_UNAVAILABLE));
    // The successor owns the keys and still decrypts the late message.
    assertThat(receive(group.get(1), inParentEpoch)).isEqualTo(text(1));
  }

  @Test
  void aNewGroupAndAnExternalJoinerContinue() throws Exception {
    Clients clients = new Clients(SUITE, 14, GroupConfig.DEFAULT);
    Clients.Identity alice = clients.identity("alice");
    GroupState created = reload(clients.create(alice), clients.env);
    assertThat(created.currentEpoch()).isZero();
    Clients.Identity bob = clients.identity("bob");
    ExternalCommit join =
        ExternalCommit.create(
            clients.env,
            created.groupInfo(true, true),
            java.util.Optional.empty(),
            bob.signer(),
            bob.credential(),
            java.util.Optional.empty(),
            Clients.NOW);
    Processed processed = created.process(join.commit(), Clients.NOW);
    GroupState aliceState = ((Processed.CommitStaged) processed).commit().merge();
    GroupState bobState = reload(join.join(), clients.env);
    assertThat(bobState.epochAuthenticator()).isEqualTo(aliceState.epochAuthenticator());
    assertThat(receive(aliceState, bobState.encrypt(text(1), Bytes.EMPTY, 0))).isEqualTo(text(1));
  }

  @Test
  void aCommittedReInitIsSaved() throws Exception {
    Clients clients = new Clients(SUITE, 15, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    ReInit reInit = new ReInit(Bytes.fromHex("0102"), 1, SUITE.id(), List.of());
    group.commit(0, CommitOptions.defaults().withProposals(List.of(reInit)));
    GroupState loaded = reload(group.get(1), clients.env);
    assertThat(loaded.pendingReInit()).contains(reInit);
    assertThatThrownBy(() -> loaded.encrypt(text(1), Bytes.EMPTY, 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSavedBytesAreWipeableAndNeverPrinted() throws Exception {
    Clients.Group group = new Clients(SUITE).group(2);
    SavedGroupState saved = group.get(0).save();
    assertThat(saved.toString())
        .isEqualTo("SavedGroupState[" + saved.length() + " bytes, redacted]");
    byte[] copy = saved.exposeBytes();
    assertThat(Bytes.of(copy).slice(0, 6)).isEqualTo(Bytes.fromHex("4d4c53530001"));
    saved.destroy();
    assertThat(saved.isDestroyed()).isTrue();
    assertThatThrownBy(saved::exposeBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> GroupState.load(group.get(0).environment(), saved))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDestroyedStateCannotBeSaved() throws Exception {
    Clients.Group group = new Clients(SUITE).group(2);
    group.get(0).destroy();
    assertThatThrownBy(() -> group.get(0).save()).isInstanceOf(IllegalStateException.class);
  }
}
