package org.mlsmesh.interop.client;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mls_client.MlsClient;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.Node;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/** Conversions between the interop protocol's byte fields and the protocol module's types. */
final class Wire {
  private Wire() {}

  static Bytes bytes(ByteString value) {
    return Bytes.wrap(value.toByteArray());
  }

  static ByteString bytes(Bytes value) {
    return ByteString.copyFrom(value.toByteArray());
  }

  /** An MLSMessage (RFC 9420 §6), whole: no trailing bytes. */
  static MlsMessage message(ByteString value, String field) throws DecodeException {
    if (value.isEmpty()) {
      throw new DecodeException(field + " is empty", 0);
    }
    return TlsReader.decodeAll(bytes(value), MlsMessage::decode);
  }

  static GroupInfo groupInfo(MlsMessage message, String field) throws DecodeException {
    return message
        .groupInfo()
        .orElseThrow(
            () -> new DecodeException(field + " is not a GroupInfo: " + message.wireFormat(), 0));
  }

  /** The optional out-of-band ratchet tree: empty bytes mean "none given". */
  static Optional<RatchetTreeNodes> tree(ByteString value) throws DecodeException {
    return value.isEmpty()
        ? Optional.empty()
        : Optional.of(TlsReader.decodeAll(bytes(value), RatchetTreeNodes::decode));
  }

  /** The tree of a GroupInfo's ratchet_tree extension (RFC 9420 §12.4.3.3). */
  static RatchetTreeNodes treeOf(GroupInfo groupInfo) throws DecodeException {
    for (Extension extension : groupInfo.extensions()) {
      if (extension.type() == Extension.RATCHET_TREE) {
        return TlsReader.decodeAll(extension.data(), RatchetTreeNodes::decode);
      }
    }
    throw new DecodeException("the GroupInfo has no ratchet_tree and none was given", 0);
  }

  static List<Extension> extensions(List<MlsClient.Extension> extensions) {
    List<Extension> out = new ArrayList<>();
    for (MlsClient.Extension extension : extensions) {
      out.add(new Extension(extension.getExtensionType(), bytes(extension.getExtensionData())));
    }
    return out;
  }

  /** The leaf whose basic credential names {@code identity}, in a tree given as nodes. */
  static Optional<LeafIndex> leafOf(RatchetTreeNodes tree, Bytes identity) {
    List<Optional<Node>> nodes = tree.nodes();
    for (int i = 0; i < nodes.size(); i += 2) {
      if (nodes.get(i).orElse(null) instanceof Node.Leaf leaf
          && leaf.leafNode().credential() instanceof BasicCredential basic
          && basic.identity().equals(identity)) {
        return Optional.of(new LeafIndex(i / 2));
      }
    }
    return Optional.empty();
  }
}
