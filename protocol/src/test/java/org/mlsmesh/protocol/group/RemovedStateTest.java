package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.tree.LeafIndex;

/** A member that merged its removal: inspectable, inactive, refusing to send. */
class RemovedStateTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void aMergedRemovalLeavesAnInactiveInspectableState() throws Exception {
    Clients.Group group = new Clients(SUITE, 81, GroupConfig.DEFAULT).group(3);
    GroupState carol = group.get(2);
    LeafIndex carolLeaf = carol.ownLeaf();
    CommitResult removal = group.get(0).removeMembers(List.of(carolLeaf), Clients.NOW);
    Processed.Removed removed = (Processed.Removed) carol.process(removal.commit(), Clients.NOW);

    assertThat(carol.isActive()).isTrue(); // processing alone changes nothing
    assertThat(removed.members()).extracting(Member::index).doesNotContain(carolLeaf).hasSize(2);
    assertThat(removed.epoch()).isEqualTo(carol.currentEpoch() + 1);

    assertThat(removed.merge()).isSameAs(carol);
    assertThat(carol.isActive()).isFalse();
    assertThat(carol.isDestroyed()).isTrue();
    assertThat(carol.removal()).containsSame(removed);
    assertThat(carol.members()).hasSize(3); // its last epoch, for inspection
    assertThat(carol.groupId()).isEqualTo(Clients.GROUP_ID);
    assertThat(carol.toString()).contains("inactive");
    removed.merge(); // again: nothing changes
  }

  @Test
  void anInactiveStateRefusesToSendProcessOrSave() throws Exception {
    Clients.Group group = new Clients(SUITE, 82, GroupConfig.DEFAULT).group(3);
    GroupState carol = group.get(2);
    MlsMessage hello = group.get(1).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0);
    CommitResult removal = group.get(0).removeMembers(List.of(carol.ownLeaf()), Clients.NOW);
    ((Processed.Removed) carol.process(removal.commit(), Clients.NOW)).merge();

    List<ThrowingCallable> refused =
        List.of(
            () -> carol.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0),
            () -> carol.commit(CommitOptions.defaults(), Clients.NOW),
            () -> carol.selfUpdate(Clients.NOW),
            () -> carol.proposeUpdate(Clients.NOW),
            () -> carol.proposeRemove(new LeafIndex(0)),
            () -> carol.leave(),
            () -> carol.process(hello, Clients.NOW),
            () -> carol.save(),
            () -> carol.groupInfo(true, false));
    for (ThrowingCallable call : refused) {
      assertThatThrownBy(call)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("was removed from the group")
          .hasMessageContaining("epoch " + removal.staged().epoch());
    }
  }
}
