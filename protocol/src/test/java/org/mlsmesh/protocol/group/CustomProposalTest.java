package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.CustomProposal;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;

/** Proposals of private-use types (RFC 9420 §17.4), allowed when every member supports them. */
class CustomProposalTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final int TYPE = 0xF00D;
  private static final Bytes BODY = Bytes.of(new byte[] {7, 8, 9});

  /** A group whose members all support {@link #TYPE}, except member {@code without}. */
  private static Clients.Group group(int size, int without) throws Exception {
    Clients clients = new Clients(SUITE, 37, GroupConfig.DEFAULT.withEncryptHandshake(false));
    Clients.Group group = clients.new Group();
    for (int i = 0; i < size; i++) {
      if (i == without) {
        clients.supportingProposals();
      } else {
        clients.supportingProposals(TYPE);
      }
      Clients.Identity identity = clients.identity("member " + i);
      KeyPackageBundle bundle = clients.keyPackage(identity);
      if (i == 0) {
        group.states.add(
            GroupState.create(clients.env, Clients.GROUP_ID, List.of(), bundle, identity.signer()));
      } else {
        CommitResult result =
            group.commit(
                0, CommitOptions.defaults().withProposals(List.of(new Add(bundle.keyPackage()))));
        group.states.add(clients.join(result.welcome().orElseThrow(), bundle, identity));
      }
      group.identities.add(identity);
    }
    return group;
  }

  @Test
  void decodesAndEncodesWithItsType() throws DecodeException {
    CustomProposal proposal = new CustomProposal(0xFFFF, BODY);
    Bytes encoded = proposal.encoded();
    assertThat(encoded.toHex()).isEqualTo("ffff03070809");
    assertThat(TlsReader.decodeAll(encoded, Proposal::decode)).isEqualTo(proposal);
    assertThatThrownBy(() -> new CustomProposal(0x0009, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void committedCustomProposalsReachTheApplication() throws Exception {
    Clients.Group group = group(3, -1);
    group.broadcast(1, group.get(1).proposeCustom(TYPE, BODY));
    CommitResult result = group.get(0).commit(CommitOptions.defaults(), Clients.NOW);
    assertThat(result.staged().customProposals()).containsExactly(new CustomProposal(TYPE, BODY));
    Processed processed = group.get(2).process(result.commit(), Clients.NOW);
    StagedCommit staged = ((Processed.CommitStaged) processed).commit();
    assertThat(staged.customProposals()).containsExactly(new CustomProposal(TYPE, BODY));
    staged.discard();
    group.deliver(0, result);
    group.assertInSync();
  }

  @Test
  void aMemberRemovedByTheCommitNeedNotSupportTheType() throws Exception {
    Clients.Group group = group(3, 2);
    group.commit(
        0,
        CommitOptions.defaults()
            .withProposals(
                List.of(new Remove(group.get(2).ownLeaf()), new CustomProposal(TYPE, BODY))));
    group.assertInSync();
  }

  @Test
  @Covers(ValidationCode.PROPOSAL_TYPE_UNSUPPORTED)
  void aTypeSomeMemberDoesNotSupport() throws Exception {
    Clients.Group group = group(3, 2);
    assertThatThrownBy(() -> group.get(1).proposeCustom(TYPE, BODY))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.PROPOSAL_TYPE_UNSUPPORTED));
    MlsMessage forged = Forge.proposal(group.get(1), new CustomProposal(TYPE, BODY));
    assertThatThrownBy(() -> group.get(0).process(forged, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.PROPOSAL_TYPE_UNSUPPORTED));
  }
}
