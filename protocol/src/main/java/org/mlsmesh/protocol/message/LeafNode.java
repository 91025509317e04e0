package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * RFC 9420 §7.2:
 *
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     SignaturePublicKey signature_key;
 *     Credential credential;
 *     Capabilities capabilities;
 *     LeafNodeSource leaf_node_source;
 *     select (LeafNode.leaf_node_source) {
 *         case key_package: Lifetime lifetime;
 *         case update:      struct{};
 *         case commit:      opaque parent_hash&lt;V&gt;;
 *     };
 *     Extension extensions&lt;V&gt;;
 *     opaque signature&lt;V&gt;;
 * } LeafNode;
 * </pre>
 *
 * {@code lifetime} is present exactly for source key_package, {@code parentHash} exactly for
 * commit.
 */
public record LeafNode(
    Bytes encryptionKey,
    Bytes signatureKey,
    Credential credential,
    Capabilities capabilities,
    LeafNodeSource source,
    Optional<Lifetime> lifetime,
    Optional<Bytes> parentHash,
    List<Extension> extensions,
    Bytes signature)
    implements Encodable {

  public LeafNode {
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    Objects.requireNonNull(signatureKey, "signatureKey");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(parentHash, "parentHash");
    extensions = List.copyOf(extensions);
    Objects.requireNonNull(signature, "signature");
    if (lifetime.isPresent() != (source == LeafNodeSource.KEY_PACKAGE)) {
      throw new IllegalArgumentException("a lifetime goes with source key_package only");
    }
    if (parentHash.isPresent() != (source == LeafNodeSource.COMMIT)) {
      throw new IllegalArgumentException("a parent hash goes with source commit only");
    }
  }

  public static LeafNode decode(TlsReader reader) throws DecodeException {
    Bytes encryptionKey = reader.vlBytes();
    Bytes signatureKey = reader.vlBytes();
    Credential credential = Credential.decode(reader);
    Capabilities capabilities = Capabilities.decode(reader);
    LeafNodeSource source = LeafNodeSource.decode(reader);
    Optional<Lifetime> lifetime = Optional.empty();
    Optional<Bytes> parentHash = Optional.empty();
    switch (source) {
      case KEY_PACKAGE -> lifetime = Optional.of(Lifetime.decode(reader));
      case UPDATE -> {}
      case COMMIT -> parentHash = Optional.of(reader.vlBytes());
    }
    return new LeafNode(
        encryptionKey,
        signatureKey,
        credential,
        capabilities,
        source,
        lifetime,
        parentHash,
        reader.vector(Extension::decode),
        reader.vlBytes());
  }

  /** The fields before the signature, shared by LeafNode and LeafNodeTBS. */
  private void encodeContent(TlsWriter writer) {
    writer.vlBytes(encryptionKey).vlBytes(signatureKey);
    credential.encode(writer);
    capabilities.encode(writer);
    source.encode(writer);
    lifetime.ifPresent(value -> value.encode(writer));
    parentHash.ifPresent(writer::vlBytes);
    writer.vector(extensions);
  }

  @Override
  public void encode(TlsWriter writer) {
    encodeContent(writer);
    writer.vlBytes(signature);
  }

  /**
   * The encoded LeafNodeTBS (RFC 9420 §7.2) that {@code signature} covers. {@code groupId} and
   * {@code leafIndex} must be present exactly when the source is update or commit.
   *
   * @throws IllegalArgumentException when their presence does not match the source
   */
  public Bytes tbs(Optional<Bytes> groupId, Optional<LeafIndex> leafIndex) {
    boolean inGroup = source != LeafNodeSource.KEY_PACKAGE;
    if (groupId.isPresent() != inGroup || leafIndex.isPresent() != inGroup) {
      throw new IllegalArgumentException(
          "LeafNodeTBS for source " + source + " takes group_id and leaf_index: " + inGroup);
    }
    TlsWriter writer = new TlsWriter();
    encodeContent(writer);
    groupId.ifPresent(writer::vlBytes);
    leafIndex.ifPresent(index -> index.encode(writer));
    return writer.toBytes();
  }

  /** The LeafNodeTBS of a leaf node from a KeyPackage. */
  public Bytes tbs() {
    return tbs(Optional.empty(), Optional.empty());
  }

  /** The LeafNodeTBS of a leaf node from an Update or a Commit, in group {@code groupId}. */
  public Bytes tbs(Bytes groupId, LeafIndex leafIndex) {
    return tbs(Optional.of(groupId), Optional.of(leafIndex));
  }
}
