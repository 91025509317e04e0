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
import org.mlsmesh.protocol.message.PreSharedKeyId.ResumptionUsage;
import org.mlsmesh.protocol.message.ReInit;

/** Reinitialization to the end (RFC 9420 §11.2): the new group and the joiners' checks. */
class ReInitTest {
  private static final CipherSuite OLD = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final CipherSuite NEW = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;
  private static final Bytes NEW_ID = Bytes.of("reborn".getBytes(StandardCharsets.UTF_8));

  private final Clients clients = new Clients(OLD, 67, GroupConfig.DEFAULT);
  private final Clients newClients = new Clients(NEW, 71, GroupConfig.DEFAULT);

  /**
   * A group of three whose member 0 committed {@code reInit}: proposed by member 1 when {@link
   * GroupState#proposeReInit} can express it, else by value.
   */
  private Clients.Group reinitialized(ReInit reInit) throws Exception {
    Clients.Group group = clients.group(3);
    if (reInit.extensions().isEmpty() && reInit.version() == 1) {
      group.broadcast(1, group.get(1).proposeReInit(reInit.groupId(), suiteOf(reInit), List.of()));
      group.commit(0, CommitOptions.defaults());
    } else {
      group.commit(0, CommitOptions.defaults().withProposals(List.of(reInit)));
    }
    return group;
  }

  private static CipherSuite suiteOf(ReInit reInit) {
    return CipherSuite.fromId(reInit.cipherSuite()).orElseThrow();
  }

  private static ReInit reInit() {
    return new ReInit(NEW_ID, 1, NEW.id(), List.of());
  }

  @Test
  void anyMemberStartsTheNewGroupAndTheOthersJoinIt() throws Exception {
    Clients.Group group = reinitialized(reInit());
    for (GroupState state : group.states) {
      assertThat(state.pendingReInit()).contains(reInit());
    }
    Clients.Identity[] next = new Clients.Identity[3];
    KeyPackageBundle[] keys = new KeyPackageBundle[3];
    for (int i = 0; i < 3; i++) {
      next[i] = newClients.identity("member " + i);
      keys[i] = newClients.keyPackage(next[i]);
    }
    // Member 2, not the committer of the ReInit, creates the new group.
    ResumedGroup reborn =
        group
            .get(2)
            .reinit(
                next[2].signer(),
                group.identities.get(2).credential(),
                List.of(keys[0].keyPackage(), keys[1].keyPackage()),
                Clients.NOW);
    GroupState creator = reborn.state();
    assertThat(creator.groupId()).isEqualTo(NEW_ID);
    assertThat(creator.suite()).isEqualTo(NEW);
    assertThat(creator.currentEpoch()).isEqualTo(1);
    for (int i = 0; i < 2; i++) {
      GroupState joined =
          group
              .get(i)
              .joinReInit(
                  reborn.welcome().orElseThrow(),
                  keys[i],
                  next[i].signer(),
                  Optional.empty(),
                  Clients.NOW)
              .join();
      assertThat(joined.epochAuthenticator()).isEqualTo(creator.epochAuthenticator());
      assertThat(joined.exporter("x", Bytes.EMPTY, 16))
          .isEqualTo(creator.exporter("x", Bytes.EMPTY, 16));
    }
  }

  /** Member 0 starts a group with the given parameters; member 1 tries to join it as the ReInit. */
  private void assertJoinFails(
      ValidationCode code,
      ReInit committed,
      long pskEpochOffset,
      Bytes groupId,
      CipherSuite suite,
      List<Extension> extensions)
      throws Exception {
    Clients.Group group = reinitialized(committed);
    Clients suiteClients = suite == NEW ? newClients : clients;
    Clients.Identity creator = suiteClients.identity("creator");
    Clients.Identity one = suiteClients.identity("one");
    KeyPackageBundle oneKeys = suiteClients.keyPackage(one);
    ResumedGroup started =
        GroupResumption.start(
            group.get(0),
            ResumptionUsage.REINIT,
            group.get(0).currentEpoch() + pskEpochOffset,
            groupId,
            suite,
            extensions,
            creator.signer(),
            group.identities.get(0).credential(),
            List.of(oneKeys.keyPackage()),
            Clients.NOW);
    assertThatThrownBy(
            () ->
                group
                    .get(1)
                    .joinReInit(
                        started.welcome().orElseThrow(),
                        oneKeys,
                        one.signer(),
                        Optional.empty(),
                        Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  @Covers(ValidationCode.REINIT_PARAMETERS_MISMATCH)
  void aNewGroupWithAnotherGroupId() throws Exception {
    assertJoinFails(
        ValidationCode.REINIT_PARAMETERS_MISMATCH,
        reInit(),
        0,
        Bytes.of("elsewhere".getBytes(StandardCharsets.UTF_8)),
        NEW,
        List.of());
  }

  @Test
  @Covers(ValidationCode.REINIT_PARAMETERS_MISMATCH)
  void aNewGroupOfAnotherCipherSuite() throws Exception {
    assertJoinFails(ValidationCode.REINIT_PARAMETERS_MISMATCH, reInit(), 0, NEW_ID, OLD, List.of());
  }

  @Test
  @Covers(ValidationCode.REINIT_PARAMETERS_MISMATCH)
  void aNewGroupWithoutTheReInitsExtensions() throws Exception {
    ReInit withExtension =
        new ReInit(NEW_ID, 1, NEW.id(), List.of(new Extension(0xF0F0, Bytes.of(new byte[] {1}))));
    assertJoinFails(
        ValidationCode.REINIT_PARAMETERS_MISMATCH, withExtension, 0, NEW_ID, NEW, List.of());
  }

  @Test
  @Covers(ValidationCode.REINIT_PARAMETERS_MISMATCH)
  void aNewGroupOfAnotherVersion() throws Exception {
    ReInit nextVersion = new ReInit(NEW_ID, 2, NEW.id(), List.of());
    assertJoinFails(
        ValidationCode.REINIT_PARAMETERS_MISMATCH, nextVersion, 0, NEW_ID, NEW, List.of());
  }

  @Test
  void reinitIntoAnUnsupportedVersionIsRefused() throws Exception {
    Clients.Group group = reinitialized(new ReInit(NEW_ID, 2, NEW.id(), List.of()));
    Clients.Identity creator = newClients.identity("creator");
    assertThatThrownBy(
            () ->
                group
                    .get(0)
                    .reinit(
                        creator.signer(),
                        group.identities.get(0).credential(),
                        List.of(),
                        Clients.NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @Covers(ValidationCode.RESUMPTION_PSK_MISMATCH)
  void aReInitPskOfAnEarlierEpoch() throws Exception {
    assertJoinFails(ValidationCode.RESUMPTION_PSK_MISMATCH, reInit(), -1, NEW_ID, NEW, List.of());
  }
}
