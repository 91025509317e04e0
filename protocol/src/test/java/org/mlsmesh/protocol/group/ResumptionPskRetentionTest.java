package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;

/** A group keeps the resumption PSKs of its last N epochs (RFC 9420 §8.6) and no others. */
class ResumptionPskRetentionTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients.Group group() throws Exception {
    Clients clients = new Clients(SUITE, 41, GroupConfig.DEFAULT.withResumptionPskEpochs(2));
    Clients.Group group = clients.group(3);
    for (int i = 0; i < 3; i++) {
      group.commit(i % 3, CommitOptions.defaults());
    }
    return group;
  }

  @Test
  void keepsTheLastEpochsAndInjectsOneOfThem() throws Exception {
    Clients.Group group = group();
    GroupState member = group.get(1);
    assertThat(member.currentEpoch()).isEqualTo(4);
    assertThat(member.resumptionPskEpochs()).containsExactly(3L, 4L);
    assertThat(member.resumptionPsk(2)).isEmpty();

    group.broadcast(1, member.proposeResumptionPsk(3));
    CommitResult result = group.commit(0, CommitOptions.defaults());
    assertThat(result.staged().proposals(org.mlsmesh.protocol.message.Proposal.Kind.PSK))
        .hasSize(1);
    group.assertInSync();
    assertThat(group.get(1).resumptionPskEpochs()).containsExactly(4L, 5L);
  }

  @Test
  void destroyingAStateErasesItsResumptionPsks() throws Exception {
    Clients.Group group = group();
    GroupState member = group.get(2);
    Secret psk = member.resumptionPsk(4).orElseThrow();
    member.destroy();
    assertThat(psk.isDestroyed()).isTrue();
    assertThat(member.resumptionPsk(4)).isEmpty();
  }

  @Test
  @Covers(ValidationCode.RESUMPTION_PSK_EPOCH_UNAVAILABLE)
  void aResumptionPskOfADeletedOrFutureEpoch() throws Exception {
    Clients.Group group = group();
    for (long epoch : new long[] {1, 2, 9}) {
      assertThatThrownBy(() -> group.get(0).proposeResumptionPsk(epoch))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> assertThat(e.code()).isEqualTo(ValidationCode.RESUMPTION_PSK_EPOCH_UNAVAILABLE));
    }
    MlsMessage forged =
        Forge.proposal(
            group.get(0),
            new PreSharedKey(
                PreSharedKeyId.resumption(
                    PreSharedKeyId.ResumptionUsage.APPLICATION,
                    group.get(0).groupId(),
                    2,
                    Bytes.wrap(new byte[SUITE.hashLength()]))));
    assertThatThrownBy(() -> group.get(1).process(forged, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.RESUMPTION_PSK_EPOCH_UNAVAILABLE));
  }
}
