package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;

/** The application's approval of external joiners (RFC 9420 §12.4.3.2). */
class ExternalCommitPolicyTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final Bytes MALLORY = Bytes.of("mallory".getBytes(StandardCharsets.UTF_8));

  /** Refuses joiners whose basic credential names mallory. */
  private static final ExternalCommitPolicy NO_MALLORY =
      (joiner, replaced, context) ->
          joiner.credential() instanceof BasicCredential basic && basic.identity().equals(MALLORY)
              ? Optional.of("mallory may not join")
              : Optional.empty();

  private static ExternalCommit externalJoin(Clients clients, Clients.Group group, String name)
      throws Exception {
    Clients.Identity joiner = clients.identity(name);
    return ExternalCommit.create(
        clients.env,
        group.get(0).groupInfo(true, true),
        Optional.empty(),
        joiner.signer(),
        joiner.credential(),
        Optional.empty(),
        Clients.NOW);
  }

  @Test
  @Covers(ValidationCode.EXTERNAL_COMMIT_REFUSED)
  void thePolicyDecidesWhoJoins() throws Exception {
    Clients clients = new Clients(SUITE, 47, GroupConfig.DEFAULT);
    clients.env = clients.env.withExternalCommitPolicy(NO_MALLORY);
    Clients.Group group = clients.group(2);

    ExternalCommit mallory = externalJoin(clients, group, "mallory");
    assertThatThrownBy(() -> group.get(1).process(mallory.commit(), Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ValidationCode.EXTERNAL_COMMIT_REFUSED);
              assertThat(e).hasMessageContaining("mallory may not join");
            });
    mallory.discard();

    ExternalCommit erin = externalJoin(clients, group, "erin");
    assertThat(group.get(1).process(erin.commit(), Clients.NOW))
        .isInstanceOf(Processed.CommitStaged.class);
  }

  @Test
  void theDefaultAcceptsEveryone() {
    assertThat(new Clients(SUITE).env.externalCommits().refusal(null, Optional.empty(), null))
        .isEmpty();
    assertThat(ExternalCommitPolicy.refuseAll().refusal(null, Optional.empty(), null)).isPresent();
  }
}
