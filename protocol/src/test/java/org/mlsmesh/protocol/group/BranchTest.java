package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.PreSharedKeyId.ResumptionUsage;

/** Subgroup branching (RFC 9420 §11.3). */
class BranchTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final Bytes SUBGROUP = Bytes.of("subgroup".getBytes(StandardCharsets.UTF_8));

  private final Clients clients = new Clients(SUITE, 53, GroupConfig.DEFAULT);

  private static void assertCode(ValidationCode code, ThrowingCall call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void aSubsetOfTheMembersContinuesInANewGroup() throws Exception {
    Clients.Group group = clients.group(4);
    group.commit(1, CommitOptions.defaults());
    KeyPackageBundle one = clients.keyPackage(group.identities.get(1));
    KeyPackageBundle three = clients.keyPackage(group.identities.get(3));

    ResumedGroup branch =
        group.get(0).branch(SUBGROUP, List.of(one.keyPackage(), three.keyPackage()), Clients.NOW);
    GroupState creator = branch.state();
    assertThat(creator.groupId()).isEqualTo(SUBGROUP);
    assertThat(creator.currentEpoch()).isEqualTo(1);
    assertThat(creator.members()).hasSize(3);

    StagedWelcome staged =
        group.get(1).joinBranch(branch.welcome().orElseThrow(), one, Optional.empty(), Clients.NOW);
    GroupState memberOne = staged.join();
    GroupState memberThree =
        group
            .get(3)
            .joinBranch(branch.welcome().orElseThrow(), three, Optional.empty(), Clients.NOW)
            .join();
    for (GroupState member : List.of(memberOne, memberThree)) {
      assertThat(member.epochAuthenticator()).isEqualTo(creator.epochAuthenticator());
      assertThat(member.exporter("x", Bytes.EMPTY, 16))
          .isEqualTo(creator.exporter("x", Bytes.EMPTY, 16));
    }
    // The old group goes on.
    group.commit(2, CommitOptions.defaults());
    group.assertInSync();
  }

  /** §11.3: the subgroup picks its extensions; a member may join with a fresh signature key. */
  @Test
  void subgroupWithItsOwnExtensionsAndAFreshKeyOfAMember() throws Exception {
    Clients.Group group = clients.group(2);
    Clients.Identity fresh =
        new Clients.Identity(
            "fresh key",
            SUITE.crypto().generateSignatureKeyPair(clients.random),
            group.identities.get(1).credential());
    KeyPackageBundle one = clients.keyPackage(fresh);
    List<Extension> extensions =
        List.of(new Extension(Extension.REQUIRED_CAPABILITIES, Bytes.fromHex("000000")));

    ResumedGroup branch =
        group.get(0).branch(SUBGROUP, extensions, List.of(one.keyPackage()), Clients.NOW);
    assertThat(branch.state().extensions()).isEqualTo(extensions);
    GroupState member =
        group
            .get(1)
            .joinBranch(
                branch.welcome().orElseThrow(), one, fresh.signer(), Optional.empty(), Clients.NOW)
            .join();
    assertThat(member.epochAuthenticator()).isEqualTo(branch.state().epochAuthenticator());
    assertThat(member.extensions()).isEqualTo(extensions);
    KeyPackageBundle again = clients.keyPackage(fresh);
    ResumedGroup second = group.get(0).branch(SUBGROUP, List.of(again.keyPackage()), Clients.NOW);
    // The KeyPackage is not signed with the member's key in the old group.
    assertThatThrownBy(
            () ->
                group
                    .get(1)
                    .joinBranch(
                        second.welcome().orElseThrow(), again, Optional.empty(), Clients.NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Covers(ValidationCode.BRANCH_MEMBER_UNKNOWN)
  void aSubgroupMemberThatWasNotInTheOldGroup() throws Exception {
    Clients.Group group = clients.group(3);
    KeyPackageBundle one = clients.keyPackage(group.identities.get(1));
    KeyPackage stranger = clients.keyPackage(clients.identity("stranger")).keyPackage();
    ResumedGroup branch =
        group.get(0).branch(SUBGROUP, List.of(one.keyPackage(), stranger), Clients.NOW);
    assertCode(
        ValidationCode.BRANCH_MEMBER_UNKNOWN,
        () ->
            group
                .get(1)
                .joinBranch(branch.welcome().orElseThrow(), one, Optional.empty(), Clients.NOW));
  }

  @Test
  @Covers(ValidationCode.BRANCH_PARAMETERS_MISMATCH)
  void aSubgroupOfAnotherCipherSuite() throws Exception {
    Clients.Group group = clients.group(2);
    CipherSuite other = CipherSuite.MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;
    Clients otherClients = new Clients(other, 59, GroupConfig.DEFAULT);
    Clients.Identity creator = otherClients.identity("member 0");
    Clients.Identity one = otherClients.identity("member 1");
    KeyPackageBundle oneKeys = otherClients.keyPackage(one);
    ResumedGroup branch =
        GroupResumption.start(
            group.get(0),
            ResumptionUsage.BRANCH,
            group.get(0).currentEpoch(),
            SUBGROUP,
            other,
            List.of(),
            creator.signer(),
            group.identities.get(0).credential(),
            List.of(oneKeys.keyPackage()),
            Clients.NOW);
    assertCode(
        ValidationCode.BRANCH_PARAMETERS_MISMATCH,
        () ->
            GroupResumption.join(
                group.get(1),
                ResumptionUsage.BRANCH,
                branch.welcome().orElseThrow(),
                oneKeys,
                one.signer(),
                Optional.empty(),
                Clients.NOW));
  }

  @Test
  @Covers(ValidationCode.RESUMPTION_PSK_MISMATCH)
  void aBranchWelcomeTakenForAReInit() throws Exception {
    Clients.Group group = clients.group(2);
    KeyPackageBundle one = clients.keyPackage(group.identities.get(1));
    ResumedGroup branch = group.get(0).branch(SUBGROUP, List.of(one.keyPackage()), Clients.NOW);
    assertCode(
        ValidationCode.RESUMPTION_PSK_MISMATCH,
        () ->
            GroupResumption.join(
                group.get(1),
                ResumptionUsage.REINIT,
                branch.welcome().orElseThrow(),
                one,
                group.identities.get(1).signer(),
                Optional.empty(),
                Clients.NOW));
  }

  @Test
  @Covers(ValidationCode.PSK_UNAVAILABLE)
  void aBranchOfAnotherGroup() throws Exception {
    Clients.Group group = clients.group(2);
    Clients.Group unrelated = new Clients(SUITE, 61, GroupConfig.DEFAULT).group(1);
    KeyPackageBundle one = clients.keyPackage(group.identities.get(1));
    ResumedGroup branch = unrelated.get(0).branch(SUBGROUP, List.of(one.keyPackage()), Clients.NOW);
    assertCode(
        ValidationCode.PSK_UNAVAILABLE,
        () ->
            group
                .get(1)
                .joinBranch(branch.welcome().orElseThrow(), one, Optional.empty(), Clients.NOW));
  }
}
