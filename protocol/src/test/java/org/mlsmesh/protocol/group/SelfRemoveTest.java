package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.SelfRemove;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Leaving with SelfRemove (proposal type 0x000a, draft-ietf-mls-extensions). */
class SelfRemoveTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients.Group group(int size, boolean supported) throws Exception {
    Clients clients = new Clients(SUITE, 31, GroupConfig.DEFAULT);
    if (!supported) {
      clients.withoutSelfRemove();
    }
    return clients.group(size);
  }

  private static ValidationCode codeOf(Throwable e) {
    return ((ValidationException) e).code();
  }

  @Test
  void encodesAsItsTypeWithAnEmptyBody() throws Exception {
    assertThat(new SelfRemove().encoded().toHex()).isEqualTo("000a");
    assertThat(TlsReader.decodeAll(Bytes.fromHex("000a"), Proposal::decode))
        .isEqualTo(new SelfRemove());
  }

  @Test
  void theNextCommitOfAnotherMemberRemovesTheLeaver() throws Exception {
    Clients.Group group = group(4, true);
    LeafIndex leaver = group.get(2).ownLeaf();
    group.broadcast(2, group.get(2).leave());

    CommitResult result = group.states.get(0).commit(CommitOptions.defaults(), Clients.NOW);
    assertThat(result.staged().proposals(Proposal.Kind.SELF_REMOVE)).hasSize(1);
    // deliver() drops a member whose processing reports Processed.Removed.
    group.deliver(0, result);
    assertThat(group.states.get(2)).isNull();
    group.assertInSync();
    assertThat(group.get(0).members()).extracting(Member::index).doesNotContain(leaver);
  }

  @Test
  void aCommitWithoutPendingProposalsStillIncludesTheSelfRemove() throws Exception {
    Clients.Group group = group(3, true);
    group.broadcast(1, group.get(1).leave());
    group.broadcast(2, group.get(2).proposeUpdate(Clients.NOW));
    CommitResult result = group.commit(0, CommitOptions.defaults().withIncludePending(false));
    assertThat(result.staged().proposals())
        .extracting(CommittedProposal::kind)
        .containsExactly(Proposal.Kind.SELF_REMOVE);
    assertThat(group.states.get(1)).isNull();
    group.assertInSync();
  }

  @Test
  void aRemoveOfTheLeaverGivesWayToItsSelfRemove() throws Exception {
    Clients.Group group = group(3, true);
    group.broadcast(2, group.get(2).leave());
    group.broadcast(1, group.get(1).proposeRemove(group.get(2).ownLeaf()));
    CommitResult result = group.commit(0, CommitOptions.defaults());
    assertThat(result.staged().proposals())
        .extracting(CommittedProposal::kind)
        .containsExactly(Proposal.Kind.SELF_REMOVE);
    group.assertInSync();
  }

  @Test
  void theLeaverDoesNotCommitItsOwnSelfRemove() throws Exception {
    Clients.Group group = group(3, true);
    group.broadcast(2, group.get(2).leave());
    CommitResult own = group.get(2).commit(CommitOptions.defaults(), Clients.NOW);
    assertThat(own.staged().proposals()).isEmpty();
  }

  @Test
  @Covers(ValidationCode.SELF_REMOVE_BY_VALUE)
  void selfRemoveByValue() throws Exception {
    Clients.Group group = group(3, true);
    MlsMessage forged =
        Forge.commit(
            group.get(0),
            new Commit(List.of(ProposalOrRef.byValue(new SelfRemove())), Optional.empty()));
    assertThatThrownBy(() -> group.get(1).process(forged, Clients.NOW))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ValidationCode.SELF_REMOVE_BY_VALUE));
    assertThatThrownBy(
            () ->
                group
                    .get(0)
                    .commit(
                        CommitOptions.defaults().withProposals(List.of(new SelfRemove())),
                        Clients.NOW))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ValidationCode.SELF_REMOVE_BY_VALUE));
  }

  @Test
  @Covers(ValidationCode.COMMITTER_REMOVED)
  void aCommitOfTheCommittersOwnSelfRemove() throws Exception {
    Clients.Group group = group(3, true);
    MlsMessage leave = group.get(2).leave();
    Processed queued = group.get(1).process(leave, Clients.NOW);
    ProposalRef ref = ((Processed.ProposalQueued) queued).proposal().ref();
    MlsMessage forged =
        Forge.commit(
            group.get(2),
            new Commit(List.of(ProposalOrRef.byReference(ref.value())), Optional.empty()));
    assertThatThrownBy(() -> group.get(1).process(forged, Clients.NOW))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ValidationCode.COMMITTER_REMOVED));
  }

  @Test
  @Covers(ValidationCode.LEAF_CHANGED_TWICE)
  void aSelfRemoveAndARemoveOfTheSameLeaf() throws Exception {
    Clients.Group group = group(3, true);
    MlsMessage leave = group.get(2).leave();
    Processed queued = group.get(1).process(leave, Clients.NOW);
    ProposalRef ref = ((Processed.ProposalQueued) queued).proposal().ref();
    MlsMessage forged =
        Forge.commit(
            group.get(0),
            new Commit(
                List.of(
                    ProposalOrRef.byReference(ref.value()),
                    ProposalOrRef.byValue(new Remove(group.get(2).ownLeaf()))),
                Optional.empty()));
    assertThatThrownBy(() -> group.get(1).process(forged, Clients.NOW))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ValidationCode.LEAF_CHANGED_TWICE));
  }

  @Test
  @Covers(ValidationCode.PROPOSAL_TYPE_UNSUPPORTED)
  void aMemberWithoutSelfRemoveSupport() throws Exception {
    // Member 0 created the group (its leaf lists SelfRemove); the others' KeyPackages do not.
    Clients.Group group = group(3, false);
    assertThatThrownBy(() -> group.get(0).leave())
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ValidationCode.PROPOSAL_TYPE_UNSUPPORTED));
    MlsMessage forged = Forge.proposal(group.get(0), new SelfRemove());
    assertThatThrownBy(() -> group.get(1).process(forged, Clients.NOW))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ValidationCode.PROPOSAL_TYPE_UNSUPPORTED));
  }
}
