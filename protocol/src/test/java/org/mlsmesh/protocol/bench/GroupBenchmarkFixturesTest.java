package org.mlsmesh.protocol.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;

/**
 * The states {@link GroupBenchmark} measures are real: the members of a built group agree on each
 * Commit, a newcomer joins, messages decrypt (small sizes).
 */
class GroupBenchmarkFixturesTest {
  @Test
  void builtGroupsWorkLikeGrownOnes() throws Exception {
    for (int members : List.of(2, 10, 33)) {
      GroupBenchmarkFixtures.FullGroup group = GroupBenchmarkFixtures.FullGroup.of(members);
      assertThat(group.receiver.members()).hasSize(members);
      assertThat(group.receiver.epochAuthenticator())
          .isEqualTo(group.committer.epochAuthenticator());

      CommitResult path = group.committer.commit(CommitOptions.defaults(), group.now);
      GroupState next = (GroupState) group.process(path.commit());
      assertThat(next.epochAuthenticator()).isEqualTo(path.staged().epochAuthenticator());

      CommitResult add = group.committer.commit(group.addOptions(), group.now);
      GroupState added = (GroupState) group.process(add.commit());
      GroupState joined = group.join(add.welcome().orElseThrow());
      assertThat(added.epochAuthenticator()).isEqualTo(add.staged().epochAuthenticator());
      assertThat(joined.epochAuthenticator()).isEqualTo(added.epochAuthenticator());
      assertThat(joined.members()).hasSize(members + 1);

      CommitResult remove = group.committer.commit(group.removeOptions(), group.now);
      Object removed = group.process(remove.commit());
      if (members == 2) {
        assertThat(removed).isInstanceOf(Processed.Removed.class);
      } else {
        assertThat(((GroupState) removed).members()).hasSize(members - 1);
      }

      Bytes data = Bytes.wrap(group.clients.random.randomBytes(1024));
      MlsMessage sent = group.committer.encrypt(data, Bytes.EMPTY, 0);
      assertThat(((Processed.Application) group.receiver.process(sent, group.now)).data())
          .isEqualTo(data);

      GroupBenchmarkFixtures.CommitPrimitives primitives =
          GroupBenchmarkFixtures.CommitPrimitives.of(group, path.commit());
      int levels = 32 - Integer.numberOfLeadingZeros(members - 1);
      assertThat(primitives.derivations()).isEqualTo(levels);
      primitives.all();
    }
  }

  @Test
  void verifiedKeyPackagesGrowAGroup() throws Exception {
    GroupBenchmarkFixtures.Clients clients = new GroupBenchmarkFixtures.Clients(3);
    var bundle = clients.keyPackage(clients.identity("joiner"));
    GroupState created = clients.createGroup();
    CommitResult result =
        created.commitAdding(
            List.of(clients.verified(bundle.keyPackage())),
            CommitOptions.defaults(),
            GroupBenchmarkFixtures.NOW);
    assertThat(result.staged().merge().members()).hasSize(2);
  }
}
