package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.AllSuites;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.SelfRemove;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * A group's whole life over every cipher suite, from one seed: it grows to 50 members through
 * Welcomes (with and without the ratchet_tree extension) and external joins; members update, remove
 * each other, leave with SelfRemove, inject external and resumption PSKs, branch a subgroup and
 * finally reinitialize into a new group, while application messages flow. After every epoch every
 * member's epoch authenticator and exporter output agree.
 *
 * <p>Each application message is decrypted by a few members (every member decrypts one after each
 * growth step); in the slow suites (P-521 and P-384) only a few members of the reinitialized group
 * process its Welcome, since each joiner verifies every leaf of the tree.
 */
class GroupScenarioTest {
  private static final int TARGET = 50;
  private static final Bytes EXTERNAL_PSK_ID = utf8("scenario psk");

  @AllSuites
  void fiftyMembersThroughTheWholeLifecycle(CipherSuite suite) throws Exception {
    Scenario s = new Scenario(suite);

    // Growth: Welcomes with the tree, Welcomes with the tree supplied, external joins.
    s.addByWelcome(0, 15, true);
    s.addByWelcome(3, 15, false);
    s.externalJoin(5);
    s.externalJoin(12);
    s.addByWelcome(s.last(), 14, true);
    s.externalJoin(20);
    s.externalJoin(s.last());
    s.externalJoin(1);
    assertThat(s.group.get(0).members()).hasSize(TARGET);

    // Updates: a full Commit, and an Update proposal committed by another member.
    s.commit(17, CommitOptions.defaults());
    s.group.broadcast(30, s.group.get(30).proposeUpdate(Clients.NOW));
    s.commit(44, CommitOptions.defaults());

    // Removes by value, and a member leaving with SelfRemove.
    s.commit(
        5,
        CommitOptions.defaults()
            .withProposals(List.of(new Remove(s.leaf(8)), new Remove(s.leaf(40)))));
    LeafIndex leaver = s.leaf(9);
    s.group.broadcast(9, s.group.get(9).leave());
    CommitResult leave = s.commit(10, CommitOptions.defaults().withIncludePending(false));
    assertThat(leave.staged().proposals(Proposal.Kind.SELF_REMOVE)).hasSize(1);
    assertThat(s.group.states.get(9)).isNull();
    assertThat(s.group.get(0).members()).extracting(Member::index).doesNotContain(leaver);

    // PSKs: an external one, then the resumption PSK of the previous epoch.
    s.group.broadcast(11, s.group.get(11).proposeExternalPsk(EXTERNAL_PSK_ID));
    s.commit(12, CommitOptions.defaults());
    long previous = s.group.get(13).currentEpoch() - 1;
    s.group.broadcast(13, s.group.get(13).proposeResumptionPsk(previous));
    CommitResult resumption = s.commit(14, CommitOptions.defaults());
    assertThat(resumption.staged().proposals(Proposal.Kind.PSK)).hasSize(1);

    // The group grows back to 50.
    s.addByWelcome(21, 2, true);
    s.externalJoin(2);
    assertThat(s.group.get(0).members()).hasSize(TARGET);

    s.branch(0, List.of(1, 2, 3, 4));
    s.reinit(6, 15);
  }

  private static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One suite's run: the clients, the group's members by number, and the operations. */
  private static final class Scenario {
    final CipherSuite suite;
    final Clients clients;
    final Clients.Group group;
    final boolean slow;
    int names;
    int messages;

    Scenario(CipherSuite suite) {
      this.suite = suite;
      this.slow = suite.id() == 5 || suite.id() == 7;
      this.clients = new Clients(suite, 1000 + suite.id(), GroupConfig.DEFAULT);
      clients.supportingProposals(SelfRemove.TYPE);
      clients.env =
          clients.env.withPsks(
              PskStore.external(Map.of(EXTERNAL_PSK_ID, Secret.of(new byte[] {4, 2}))));
      this.group = clients.new Group();
      Clients.Identity creator = clients.identity(nextName());
      group.states.add(clients.create(creator));
      group.identities.add(creator);
    }

    String nextName() {
      return "client " + names++;
    }

    /** The most recently joined member still in the group. */
    int last() {
      for (int i = group.states.size() - 1; ; i--) {
        if (group.states.get(i) != null) {
          return i;
        }
      }
    }

    LeafIndex leaf(int member) {
      return group.get(member).ownLeaf();
    }

    /** {@code committer} commits; everyone merges; all agree; then a message flows. */
    CommitResult commit(int committer, CommitOptions options) throws Exception {
      CommitResult result = group.commit(committer, options);
      group.assertInSync();
      sendMessage(group, committer == 0 ? 1 : committer - 1);
      return result;
    }

    /** Application data from member {@code from}, decrypted by a few others. */
    void sendMessage(Clients.Group in, int from) throws Exception {
      sendMessage(in, from, slow ? 3 : 8);
    }

    /** Application data from member {@code from}, decrypted by up to {@code receivers} others. */
    void sendMessage(Clients.Group in, int from, int receivers) throws Exception {
      while (in.states.get(from) == null) {
        from = (from + 1) % in.states.size();
      }
      Bytes text = utf8("message " + messages++ + " from " + from);
      MlsMessage message = in.get(from).encrypt(text, Bytes.EMPTY, 8);
      int delivered = 0;
      for (int i = 0; i < in.states.size(); i++) {
        if (i == from || in.states.get(i) == null || delivered >= receivers) {
          continue;
        }
        Processed processed = in.get(i).process(message, Clients.NOW);
        assertThat(processed).isInstanceOf(Processed.Application.class);
        assertThat(((Processed.Application) processed).data()).isEqualTo(text);
        delivered++;
      }
    }

    /**
     * {@code committer} adds {@code count} new clients in one Commit; they join from the Welcome,
     * with the tree from its ratchet_tree extension or supplied by the committer.
     */
    void addByWelcome(int committer, int count, boolean treeInWelcome) throws Exception {
      List<Clients.Identity> identities = new ArrayList<>();
      List<KeyPackageBundle> bundles = new ArrayList<>();
      List<Proposal> adds = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Clients.Identity identity = clients.identity(nextName());
        KeyPackageBundle bundle = clients.keyPackage(identity);
        identities.add(identity);
        bundles.add(bundle);
        adds.add(new Add(bundle.keyPackage()));
      }
      CommitResult result =
          group.commit(
              committer,
              CommitOptions.defaults().withProposals(adds).withRatchetTreeInWelcome(treeInWelcome));
      Optional<RatchetTree> tree =
          treeInWelcome ? Optional.empty() : Optional.of(group.get(committer).tree());
      for (int i = 0; i < count; i++) {
        StagedWelcome staged =
            GroupState.stageWelcome(
                clients.env,
                result.welcome().orElseThrow(),
                bundles.get(i),
                identities.get(i).signer(),
                tree,
                Clients.NOW);
        assertThat(staged.sender().index()).isEqualTo(group.get(committer).ownLeaf());
        group.states.add(staged.join());
        group.identities.add(identities.get(i));
      }
      group.assertInSync();
      sendMessage(group, group.states.size() - 1, TARGET);
    }

    /** A new client joins by external Commit from the GroupInfo that {@code member} publishes. */
    void externalJoin(int member) throws Exception {
      Clients.Identity joiner = clients.identity(nextName());
      ExternalCommit external =
          ExternalCommit.create(
              clients.env,
              group.get(member).groupInfo(true, true),
              Optional.empty(),
              joiner.signer(),
              joiner.credential(),
              Optional.empty(),
              Clients.NOW);
      for (int i = 0; i < group.states.size(); i++) {
        if (group.states.get(i) != null) {
          Processed processed = group.get(i).process(external.commit(), Clients.NOW);
          group.states.set(i, ((Processed.CommitStaged) processed).commit().merge());
        }
      }
      group.states.add(external.join());
      group.identities.add(joiner);
      group.assertInSync();
      sendMessage(group, group.states.size() - 1);
    }

    /** {@code creator} branches a subgroup with {@code members}, which join and talk. */
    void branch(int creator, List<Integer> members) throws Exception {
      List<KeyPackage> keyPackages = new ArrayList<>();
      List<KeyPackageBundle> bundles = new ArrayList<>();
      for (int member : members) {
        KeyPackageBundle bundle = clients.keyPackage(group.identities.get(member));
        bundles.add(bundle);
        keyPackages.add(bundle.keyPackage());
      }
      ResumedGroup branch = group.get(creator).branch(utf8("subgroup"), keyPackages, Clients.NOW);
      Clients.Group subgroup = clients.new Group();
      subgroup.states.add(branch.state());
      for (int i = 0; i < members.size(); i++) {
        subgroup.states.add(
            group
                .get(members.get(i))
                .joinBranch(
                    branch.welcome().orElseThrow(), bundles.get(i), Optional.empty(), Clients.NOW)
                .join());
      }
      subgroup.assertInSync();
      assertThat(subgroup.get(0).currentEpoch()).isEqualTo(1);
      sendMessage(subgroup, 1);
      subgroup.commit(2, CommitOptions.defaults());
      subgroup.assertInSync();
      // The old group carries on.
      commit(creator, CommitOptions.defaults());
    }

    /**
     * {@code proposer} proposes a ReInit, {@code committer} commits it, and the proposer starts the
     * new group with fresh KeyPackages of every other member (of four in the slow suites), who join
     * it.
     */
    void reinit(int proposer, int committer) throws Exception {
      Bytes newId = utf8("reinitialized");
      group.broadcast(proposer, group.get(proposer).proposeReInit(newId, suite, List.of()));
      group.commit(committer, CommitOptions.defaults());
      group.assertInSync();
      List<Integer> others = new ArrayList<>();
      List<KeyPackageBundle> bundles = new ArrayList<>();
      List<KeyPackage> keyPackages = new ArrayList<>();
      for (int i = 0; i < group.states.size(); i++) {
        if (i != proposer && group.states.get(i) != null) {
          assertThat(group.get(i).pendingReInit()).isPresent();
          if (slow && others.size() >= 4) {
            continue;
          }
          KeyPackageBundle bundle = clients.keyPackage(group.identities.get(i));
          others.add(i);
          bundles.add(bundle);
          keyPackages.add(bundle.keyPackage());
        }
      }
      Clients.Identity self = group.identities.get(proposer);
      ResumedGroup reborn =
          group.get(proposer).reinit(self.signer(), self.credential(), keyPackages, Clients.NOW);
      Clients.Group next = clients.new Group();
      next.states.add(reborn.state());
      for (int i = 0; i < others.size(); i++) {
        next.states.add(
            group
                .get(others.get(i))
                .joinReInit(
                    reborn.welcome().orElseThrow(),
                    bundles.get(i),
                    group.identities.get(others.get(i)).signer(),
                    Optional.empty(),
                    Clients.NOW)
                .join());
      }
      next.assertInSync();
      assertThat(next.get(0).groupId()).isEqualTo(newId);
      assertThat(next.get(0).members()).hasSize(others.size() + 1);
      sendMessage(next, 1);
      next.commit(1, CommitOptions.defaults());
      next.assertInSync();
      sendMessage(next, 2);
    }
  }
}
