package org.mlsmesh.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.message.WireSamples.bytes;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.credential.X509Credential;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Constructed values of the message structs survive encode/decode unchanged. */
class MessageRoundTripTest {
  static <T extends Encodable> void assertRoundTrip(T value, TlsReader.Decoder<T> decoder)
      throws DecodeException {
    Bytes encoded = value.encoded();
    T decoded = TlsReader.decodeAll(encoded, decoder);
    assertThat(decoded).isEqualTo(value);
    assertThat(decoded.encoded()).isEqualTo(encoded);
  }

  @Test
  void credentials() throws DecodeException {
    assertRoundTrip(new BasicCredential(bytes("616c696365")), Credential::decode);
    assertRoundTrip(new BasicCredential(Bytes.EMPTY), Credential::decode);
    assertRoundTrip(new X509Credential(List.of(bytes("3082"), bytes("30"))), Credential::decode);
    assertThat(new BasicCredential(bytes("ab")).encoded().toHex()).isEqualTo("0001" + "01ab");
    assertThat(new X509Credential(List.of(bytes("ab"))).encoded().toHex())
        .isEqualTo("0002" + "02" + "01ab");
  }

  @Test
  void capabilitiesAndLifetime() throws DecodeException {
    assertRoundTrip(WireSamples.capabilities(), Capabilities::decode);
    assertRoundTrip(new Lifetime(0, -1L), Lifetime::decode);
    assertThatThrownBy(
            () -> new Capabilities(List.of(0x10000), List.of(), List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(LeafNodeSource.class)
  void leafNodeOfEachSource(LeafNodeSource source) throws DecodeException {
    assertRoundTrip(WireSamples.leafNode(source), LeafNode::decode);
  }

  @Test
  void leafNodeRejectsFieldsThatDoNotMatchItsSource() {
    LeafNode leaf = WireSamples.leafNode(LeafNodeSource.UPDATE);
    assertThatThrownBy(
            () ->
                new LeafNode(
                    leaf.encryptionKey(),
                    leaf.signatureKey(),
                    leaf.credential(),
                    leaf.capabilities(),
                    LeafNodeSource.KEY_PACKAGE,
                    Optional.empty(),
                    Optional.empty(),
                    leaf.extensions(),
                    leaf.signature()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leafNodeTbsAddsGroupIdAndLeafIndexOutsideKeyPackages() {
    LeafNode keyPackageLeaf = WireSamples.leafNode(LeafNodeSource.KEY_PACKAGE);
    Bytes encoded = keyPackageLeaf.encoded();
    Bytes signature = keyPackageLeaf.signature();
    // LeafNode = LeafNodeTBS content || signature<V> for a key_package leaf.
    assertThat(keyPackageLeaf.tbs())
        .isEqualTo(encoded.slice(0, encoded.length() - 1 - signature.length()));
    assertThatThrownBy(() -> keyPackageLeaf.tbs(bytes("01"), LeafIndex.of(0)))
        .isInstanceOf(IllegalArgumentException.class);

    LeafNode commitLeaf = WireSamples.leafNode(LeafNodeSource.COMMIT);
    Bytes content = commitLeaf.encoded();
    content = content.slice(0, content.length() - 1 - commitLeaf.signature().length());
    assertThat(commitLeaf.tbs(bytes("abcd"), LeafIndex.of(2)))
        .isEqualTo(Bytes.concat(content, bytes("02abcd"), bytes("00000002")));
    assertThatThrownBy(commitLeaf::tbs).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyPackageAndItsTbs() throws DecodeException {
    KeyPackage keyPackage = WireSamples.keyPackage();
    assertRoundTrip(keyPackage, KeyPackage::decode);
    Bytes encoded = keyPackage.encoded();
    assertThat(Bytes.concat(keyPackage.tbs(), bytes("02ff06"))).isEqualTo(encoded);
  }

  @Test
  void everyProposalKindWithAndWithoutItsType() throws DecodeException {
    for (Proposal proposal : WireSamples.proposals()) {
      assertRoundTrip(proposal, Proposal::decode);
      Bytes body = proposal.encodedBody();
      assertThat(proposal.encoded())
          .isEqualTo(Bytes.concat(Bytes.fromHex(String.format("%04x", proposal.type())), body));
      Proposal bare =
          TlsReader.decodeAll(
              body,
              r ->
                  switch (proposal.kind()) {
                    case ADD -> Add.decodeBody(r);
                    case UPDATE -> Update.decodeBody(r);
                    case REMOVE -> Remove.decodeBody(r);
                    case PSK -> PreSharedKey.decodeBody(r);
                    case REINIT -> ReInit.decodeBody(r);
                    case EXTERNAL_INIT -> ExternalInit.decodeBody(r);
                    case GROUP_CONTEXT_EXTENSIONS -> GroupContextExtensions.decodeBody(r);
                    case SELF_REMOVE -> SelfRemove.decodeBody(r);
                    case CUSTOM -> CustomProposal.decodeBody(proposal.type(), r);
                  });
      assertThat(bare).isEqualTo(proposal);
    }
    assertThat(new Remove(LeafIndex.of(0x01020304)).encoded().toHex()).isEqualTo("000301020304");
  }

  @Test
  void commitWithAndWithoutPath() throws DecodeException {
    assertRoundTrip(WireSamples.commit(), Commit::decode);
    Commit partial =
        new Commit(
            List.of(ProposalOrRef.byValue(WireSamples.proposals().get(0))), Optional.empty());
    assertRoundTrip(partial, Commit::decode);
    assertThat(new Commit(List.of(), Optional.empty()).encoded().toHex()).isEqualTo("0000");
    assertRoundTrip(WireSamples.updatePath(), UpdatePath::decode);
  }

  @Test
  void welcomeGroupInfoAndExternalSender() throws DecodeException {
    assertRoundTrip(WireSamples.welcome(), Welcome::decode);
    assertRoundTrip(WireSamples.externalSender(), ExternalSender::decode);
    GroupInfo groupInfo = WireSamples.groupInfo();
    assertRoundTrip(groupInfo, GroupInfo::decode);
    assertThat(Bytes.concat(groupInfo.tbs(), bytes("025167"))).isEqualTo(groupInfo.encoded());
  }

  @Test
  void groupSecretsRoundTripAndStayRedacted() throws DecodeException {
    GroupSecrets full =
        new GroupSecrets(
            Secret.of(bytes("5ec7e7")),
            Optional.of(Secret.of(bytes("9a75"))),
            List.of(PreSharedKeyId.external(bytes("01"), bytes("02"))));
    assertRoundTrip(full, GroupSecrets::decode);
    assertThat(full.encoded().toHex())
        .isEqualTo("035ec7e7" + "01" + "029a75" + "05" + "0101010102");
    assertThat(full.toString()).doesNotContain("5ec7e7", "9a75").contains("redacted");

    GroupSecrets minimal = new GroupSecrets(Secret.of(bytes("01")), Optional.empty(), List.of());
    assertRoundTrip(minimal, GroupSecrets::decode);
    assertThat(minimal.encoded().toHex()).isEqualTo("0101" + "00" + "00");

    minimal.destroy();
    assertThat(minimal.isDestroyed()).isTrue();
    assertThat(minimal.joinerSecret().isDestroyed()).isTrue();
  }
}
