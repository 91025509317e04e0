package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.CipherSuite;

/** The pending own Commit: inspect it, merge it or clear it. */
class PendingCommitTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void aCreatedCommitIsPendingUntilMerged() throws Exception {
    Clients.Group group = new Clients(SUITE, 71, GroupConfig.DEFAULT).group(2);
    GroupState alice = group.get(0);
    assertThat(alice.pendingCommit()).isEmpty();
    CommitResult result = alice.selfUpdate(Clients.NOW);
    assertThat(alice.pendingCommit()).containsSame(result.staged());
    assertThat(alice.pendingCommit().orElseThrow().isOwn()).isTrue();

    GroupState next = alice.mergePendingCommit();
    assertThat(next.currentEpoch()).isEqualTo(alice.currentEpoch() + 1);
    assertThat(alice.pendingCommit()).isEmpty();
    assertThat(next.pendingCommit()).isEmpty();
  }

  @Test
  void mergingTheStagedCommitDirectlyAlsoEndsIt() throws Exception {
    Clients.Group group = new Clients(SUITE, 72, GroupConfig.DEFAULT).group(2);
    GroupState alice = group.get(0);
    alice.selfUpdate(Clients.NOW).staged().merge();
    assertThat(alice.pendingCommit()).isEmpty();
  }

  @Test
  void aLaterCommitReplacesTheEarlierOne() throws Exception {
    Clients.Group group = new Clients(SUITE, 73, GroupConfig.DEFAULT).group(2);
    GroupState alice = group.get(0);
    CommitResult first = alice.selfUpdate(Clients.NOW);
    CommitResult second = alice.selfUpdate(Clients.NOW);
    assertThat(alice.pendingCommit()).containsSame(second.staged());
    first.staged().discard();
    assertThat(alice.pendingCommit()).containsSame(second.staged());
  }

  @Test
  void clearingDiscardsItAndLeavesTheStateAsItWas() throws Exception {
    Clients.Group group = new Clients(SUITE, 74, GroupConfig.DEFAULT).group(2);
    GroupState alice = group.get(0);
    CommitResult result = alice.selfUpdate(Clients.NOW);
    alice.clearPendingCommit();
    assertThat(alice.pendingCommit()).isEmpty();
    assertThatThrownBy(() -> result.staged().merge())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already merged or discarded");
    alice.clearPendingCommit(); // nothing pending: nothing happens
    // Another member's Commit still applies to the unchanged state.
    group.commit(1, CommitOptions.defaults());
    group.assertInSync();
  }

  @Test
  void mergingWithNothingPendingIsRefused() throws Exception {
    Clients.Group group = new Clients(SUITE, 75, GroupConfig.DEFAULT).group(2);
    assertThatThrownBy(() -> group.get(0).mergePendingCommit())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Commit of this member is pending");
  }
}
