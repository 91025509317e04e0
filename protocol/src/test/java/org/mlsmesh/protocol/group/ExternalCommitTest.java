package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.AllSuites;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;

/** Joining by external Commit (RFC 9420 §12.4.3.2), and resyncing a member's own leaf. */
class ExternalCommitTest {
  @AllSuites
  void joinerAndMembersAgree(CipherSuite suite) throws Exception {
    Clients clients = new Clients(suite, 17, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    MlsMessage groupInfo = group.get(1).groupInfo(true, true);
    Clients.Identity joiner = clients.identity("joiner");
    ExternalCommit external =
        ExternalCommit.create(
            clients.env,
            groupInfo,
            Optional.empty(),
            joiner.signer(),
            joiner.credential(),
            Optional.empty(),
            Clients.NOW);
    for (int i = 0; i < 3; i++) {
      Processed processed = group.get(i).process(external.commit(), Clients.NOW);
      assertThat(processed).isInstanceOf(Processed.CommitStaged.class);
      group.states.set(i, ((Processed.CommitStaged) processed).commit().merge());
    }
    group.states.add(external.join());
    group.identities.add(joiner);
    group.assertInSync();
    assertThat(group.get(0).members()).hasSize(4);

    group.commit(3, CommitOptions.defaults());
    group.assertInSync();
    MlsMessage hello = group.get(3).encrypt(Bytes.of(new byte[] {4}), Bytes.EMPTY, 0);
    assertThat(group.get(0).process(hello, Clients.NOW)).isInstanceOf(Processed.Application.class);
  }

  /** RFC 9420 §12.4.3.2: an external Commit may inject PSKs; the members must hold them too. */
  @Test
  @Covers(ValidationCode.PSK_UNAVAILABLE)
  void externalCommitInjectsAnExternalPsk() throws Exception {
    Bytes pskId = Bytes.fromHex("0a0b");
    Clients clients =
        new Clients(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, 23, GroupConfig.DEFAULT);
    clients.env =
        clients.env.withPsks(PskStore.external(Map.of(pskId, Secret.of(new byte[] {7, 7}))));
    Clients.Group group = clients.group(2);
    Clients.Identity joiner = clients.identity("joiner");
    PreSharedKeyId psk = PreSharedKeyId.external(pskId, Bytes.wrap(new byte[32]));
    ExternalCommit external =
        ExternalCommit.create(
            clients.env,
            group.get(0).groupInfo(true, true),
            Optional.empty(),
            joiner.signer(),
            joiner.credential(),
            Optional.empty(),
            List.of(psk),
            Bytes.EMPTY,
            Clients.NOW);
    for (int i = 0; i < 2; i++) {
      Processed processed = group.get(i).process(external.commit(), Clients.NOW);
      StagedCommit staged = ((Processed.CommitStaged) processed).commit();
      assertThat(staged.proposals(Proposal.Kind.PSK)).hasSize(1);
      GroupState merged = staged.merge();
      assertThat(merged.tree().toNodes()).isEqualTo(staged.tree().toNodes());
      group.states.set(i, merged);
    }
    group.states.add(external.join());
    group.identities.add(joiner);
    group.assertInSync();

    // A joiner without the PSK cannot make the Commit; members without it refuse it.
    GroupEnvironment withoutPsk = clients.env.withPsks(PskStore.none());
    MlsMessage groupInfo = group.get(0).groupInfo(true, true);
    Clients.Identity other = clients.identity("other");
    assertThatThrownBy(
            () ->
                ExternalCommit.create(
                    withoutPsk,
                    groupInfo,
                    Optional.empty(),
                    other.signer(),
                    other.credential(),
                    Optional.empty(),
                    List.of(psk),
                    Bytes.EMPTY,
                    Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.PSK_UNAVAILABLE));
    ExternalCommit second =
        ExternalCommit.create(
            clients.env,
            groupInfo,
            Optional.empty(),
            other.signer(),
            other.credential(),
            Optional.empty(),
            List.of(psk),
            Bytes.EMPTY,
            Clients.NOW);
    GroupState unaware = GroupState.load(withoutPsk, group.get(1).save());
    assertThatThrownBy(() -> unaware.process(second.commit(), Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.PSK_UNAVAILABLE));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void memberResyncsByReplacingItsLeaf(boolean treeInGroupInfo) throws Exception {
    Clients clients =
        new Clients(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, 19, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    GroupState lost = group.get(2);
    ExternalCommit resync =
        ExternalCommit.create(
            clients.env,
            group.get(0).groupInfo(treeInGroupInfo, true),
            treeInGroupInfo ? Optional.empty() : Optional.of(group.get(0).tree().toNodes()),
            group.identities.get(2).signer(),
            group.identities.get(2).credential(),
            Optional.of(lost.ownLeaf()),
            Clients.NOW);
    assertThat(lost.process(resync.commit(), Clients.NOW)).isInstanceOf(Processed.Removed.class);
    for (int i = 0; i < 2; i++) {
      Processed processed = group.get(i).process(resync.commit(), Clients.NOW);
      group.states.set(i, ((Processed.CommitStaged) processed).commit().merge());
    }
    group.states.set(2, resync.join());
    group.assertInSync();
    assertThat(group.get(0).members()).hasSize(3);
  }

  @Test
  @Covers(ValidationCode.EXTERNAL_PUB_INVALID)
  void groupInfoWithoutExternalPub() throws Exception {
    Clients clients = new Clients(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    Clients.Group group = clients.group(2);
    Clients.Identity joiner = clients.identity("joiner");
    assertThatThrownBy(
            () ->
                ExternalCommit.create(
                    clients.env,
                    group.get(0).groupInfo(true, false),
                    Optional.empty(),
                    joiner.signer(),
                    joiner.credential(),
                    Optional.empty(),
                    Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.EXTERNAL_PUB_INVALID));
  }

  /** RFC 9420 §12.4.3.2: external_pub holds an HPKEPublicKey<V>; a bare key is refused. */
  @Test
  @Covers(ValidationCode.EXTERNAL_PUB_INVALID)
  void externalPubWithoutItsLengthPrefix() throws Exception {
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    Clients clients = new Clients(suite);
    Clients.Group group = clients.group(2);
    GroupInfo honest = group.get(0).groupInfo(true, true).groupInfo().orElseThrow();
    List<Extension> extensions = new ArrayList<>();
    for (Extension extension : honest.extensions()) {
      extensions.add(
          extension.type() == Extension.EXTERNAL_PUB
              ? new Extension(
                  Extension.EXTERNAL_PUB,
                  TlsReader.decodeAll(extension.data(), TlsReader::vlBytes)) // the bare key
              : extension);
    }
    GroupInfo unsigned =
        new GroupInfo(
            honest.groupContext(),
            extensions,
            honest.confirmationTag(),
            honest.signer(),
            Bytes.EMPTY);
    Bytes signature =
        suite
            .crypto()
            .signWithLabel(
                group.identities.get(0).signer().privateKey(), "GroupInfoTBS", unsigned.tbs());
    MlsMessage forged =
        MlsMessage.of(
            new GroupInfo(
                honest.groupContext(),
                extensions,
                honest.confirmationTag(),
                honest.signer(),
                signature));
    Clients.Identity joiner = clients.identity("joiner");
    assertThatThrownBy(
            () ->
                ExternalCommit.create(
                    clients.env,
                    forged,
                    Optional.empty(),
                    joiner.signer(),
                    joiner.credential(),
                    Optional.empty(),
                    Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.EXTERNAL_PUB_INVALID))
        .hasMessageContaining("HPKEPublicKey<V>");
  }
}
