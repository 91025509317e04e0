package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.CipherSuite;

/**
 * Competing Commits of one epoch (RFC 9420 §14): each is staged against the same state, side by
 * side, and any one can be merged; the state they were staged against does not change.
 */
class CommitRaceTest {
  @Test
  void twoCommitsOfOneEpoch() throws Exception {
    Clients clients =
        new Clients(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, 29, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    GroupState a = group.get(0);
    GroupState b = group.get(1);
    GroupState c = group.get(2);
    long epoch = c.currentEpoch();

    CommitResult fromA = a.commit(CommitOptions.defaults(), Clients.NOW);
    CommitResult fromB = b.commit(CommitOptions.defaults(), Clients.NOW);
    StagedCommit aAtC = ((Processed.CommitStaged) c.process(fromA.commit(), Clients.NOW)).commit();
    StagedCommit bAtC = ((Processed.CommitStaged) c.process(fromB.commit(), Clients.NOW)).commit();
    assertThat(aAtC.isStagedAgainst(c)).isTrue();
    assertThat(bAtC.isStagedAgainst(c)).isTrue();
    assertThat(c.currentEpoch()).isEqualTo(epoch);
    assertThat(aAtC.epochAuthenticator()).isNotEqualTo(bAtC.epochAuthenticator());

    // Both forks can be entered from the same state.
    GroupState forkB = bAtC.merge();
    GroupState forkA = aAtC.merge();
    assertThat(forkB.epochAuthenticator()).isEqualTo(fromB.staged().epochAuthenticator());
    assertThat(forkA.currentEpoch()).isEqualTo(epoch + 1);
    assertThatThrownBy(aAtC::merge).isInstanceOf(IllegalStateException.class);

    // A wins: B processes A from its unchanged state and drops its own Commit.
    StagedCommit aAtB = ((Processed.CommitStaged) b.process(fromA.commit(), Clients.NOW)).commit();
    GroupState bNext = aAtB.merge();
    fromB.staged().discard();
    GroupState aNext = fromA.staged().merge();
    forkB.destroy();
    assertThat(bNext.epochAuthenticator()).isEqualTo(aNext.epochAuthenticator());
    assertThat(forkA.epochAuthenticator()).isEqualTo(aNext.epochAuthenticator());
  }
}
