package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.X509Credential;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Small constructed values of the wire structs, for round-trip and error tests. */
public final class WireSamples {
  private WireSamples() {}

  public static Bytes bytes(String hex) {
    return Bytes.fromHex(hex);
  }

  public static Capabilities capabilities() {
    return new Capabilities(
        List.of(1), List.of(1, 3, 0x0a0a), List.of(0xff00), List.of(0x000a), List.of(1, 2));
  }

  public static List<Extension> extensions() {
    return List.of(
        new Extension(Extension.APPLICATION_ID, bytes("0102")), new Extension(0xfafa, Bytes.EMPTY));
  }

  public static LeafNode leafNode(LeafNodeSource source) {
    return new LeafNode(
        bytes("aa01"),
        bytes("bb02"),
        new BasicCredential(bytes("616c696365")),
        capabilities(),
        source,
        source == LeafNodeSource.KEY_PACKAGE ? Optional.of(new Lifetime(0, -1L)) : Optional.empty(),
        source == LeafNodeSource.COMMIT ? Optional.of(bytes("cc03")) : Optional.empty(),
        extensions(),
        bytes("dd04"));
  }

  public static KeyPackage keyPackage() {
    return new KeyPackage(
        1, 1, bytes("ee05"), leafNode(LeafNodeSource.KEY_PACKAGE), extensions(), bytes("ff06"));
  }

  public static List<Proposal> proposals() {
    return List.of(
        new Add(keyPackage()),
        new Update(leafNode(LeafNodeSource.UPDATE)),
        new Remove(LeafIndex.of(0xffffffffL)),
        new PreSharedKey(PreSharedKeyId.external(bytes("01"), bytes("02"))),
        new PreSharedKey(
            PreSharedKeyId.resumption(
                PreSharedKeyId.ResumptionUsage.BRANCH, bytes("03"), 7, bytes("04"))),
        new ReInit(bytes("0102"), 1, 2, extensions()),
        new ExternalInit(bytes("0506")),
        new GroupContextExtensions(extensions()),
        new GroupContextExtensions(List.of()));
  }

  public static UpdatePath updatePath() {
    return new UpdatePath(
        leafNode(LeafNodeSource.COMMIT),
        List.of(
            new UpdatePathNode(
                bytes("0a"),
                List.of(
                    new HpkeCiphertext(bytes("0b"), bytes("0c")),
                    new HpkeCiphertext(Bytes.EMPTY, bytes("0d")))),
            new UpdatePathNode(bytes("0e"), List.of())));
  }

  public static Commit commit() {
    return new Commit(
        List.of(
            ProposalOrRef.byValue(new Remove(LeafIndex.of(3))),
            ProposalOrRef.byReference(bytes("00112233"))),
        Optional.of(updatePath()));
  }

  public static GroupContext groupContext() {
    return new GroupContext(1, 1, bytes("6770"), 42, bytes("7468"), bytes("6374"), extensions());
  }

  public static GroupInfo groupInfo() {
    return new GroupInfo(
        groupContext(), extensions(), bytes("c0ffee"), LeafIndex.of(5), bytes("5167"));
  }

  public static Welcome welcome() {
    return new Welcome(
        1,
        List.of(
            new EncryptedGroupSecrets(
                bytes("abcd"), new HpkeCiphertext(bytes("0001"), bytes("0203")))),
        bytes("e6e6"));
  }

  public static ExternalSender externalSender() {
    return new ExternalSender(
        bytes("5151"), new X509Credential(List.of(bytes("3082"), bytes("3083"))));
  }
}
