package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.Remove;

/** Rejection of Commits that break RFC 9420 §12.4. */
class CommitValidationTest {
  private static final CipherSuite SUITE =
      CipherSuite.MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;

  private Clients.Group group;

  @BeforeEach
  void setUp() throws Exception {
    group = new Clients(SUITE, 11, GroupConfig.DEFAULT.withEncryptHandshake(false)).group(3);
  }

  private void assertRejected(int receiver, MlsMessage message, ValidationCode code) {
    assertThatThrownBy(() -> group.get(receiver).process(message, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  @Covers(ValidationCode.COMMIT_PATH_MISSING)
  void removeWithoutPath() {
    Commit commit =
        new Commit(
            List.of(ProposalOrRef.byValue(new Remove(group.get(2).ownLeaf()))), Optional.empty());
    assertRejected(1, Forge.commit(group.get(0), commit), ValidationCode.COMMIT_PATH_MISSING);
    Commit empty = new Commit(List.of(), Optional.empty());
    assertRejected(1, Forge.commit(group.get(0), empty), ValidationCode.COMMIT_PATH_MISSING);
  }

  @Test
  @Covers(ValidationCode.CONFIRMATION_TAG_INVALID)
  void wrongConfirmationTag() throws Exception {
    CommitResult result = group.get(0).commit(CommitOptions.defaults(), Clients.NOW);
    MlsMessage tampered =
        Forge.withConfirmationTag(
            group.get(0), result.commit(), Bytes.wrap(new byte[SUITE.hashLength()]));
    assertRejected(1, tampered, ValidationCode.CONFIRMATION_TAG_INVALID);
    assertThat(group.get(1).process(result.commit(), Clients.NOW))
        .isInstanceOf(Processed.CommitStaged.class);
  }

  @Test
  @Covers(ValidationCode.COMMIT_FROM_SELF)
  void ownCommitEchoed() throws Exception {
    CommitResult result = group.get(0).commit(CommitOptions.defaults(), Clients.NOW);
    assertRejected(0, result.commit(), ValidationCode.COMMIT_FROM_SELF);
  }
}
