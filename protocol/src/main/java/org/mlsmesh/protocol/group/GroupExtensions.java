package org.mlsmesh.protocol.group;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalSender;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.SelfRemove;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/** The extensions of RFC 9420 §13.4 that the group logic reads and writes. */
final class GroupExtensions {
  /** The largest default extension type (§7.2): these need not be listed in capabilities. */
  private static final int LAST_DEFAULT = Extension.EXTERNAL_SENDERS;

  /** The largest default proposal type (§7.2, group_context_extensions). */
  private static final int LAST_DEFAULT_PROPOSAL = 0x0007;

  private GroupExtensions() {}

  static Optional<Extension> find(List<Extension> extensions, int type) {
    for (Extension extension : extensions) {
      if (extension.type() == type) {
        return Optional.of(extension);
      }
    }
    return Optional.empty();
  }

  /** RFC 9420 §12.1.8.1: {@code ExternalSender external_senders<V>}; empty without it. */
  static List<ExternalSender> externalSenders(List<Extension> extensions) throws DecodeException {
    Optional<Extension> extension = find(extensions, Extension.EXTERNAL_SENDERS);
    if (extension.isEmpty()) {
      return List.of();
    }
    return TlsReader.decodeAll(extension.get().data(), r -> r.vector(ExternalSender::decode));
  }

  /** The {@code ratchet_tree} extension of a GroupInfo (§12.4.3.3), if any. */
  static Optional<RatchetTreeNodes> ratchetTree(List<Extension> extensions) throws DecodeException {
    Optional<Extension> extension = find(extensions, Extension.RATCHET_TREE);
    if (extension.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TlsReader.decodeAll(extension.get().data(), RatchetTreeNodes::decode));
  }

  static Extension ratchetTree(RatchetTree tree) {
    return new Extension(Extension.RATCHET_TREE, tree.toNodes().encoded());
  }

  /** RFC 9420 §12.4.3.2: struct { HPKEPublicKey external_pub; } ExternalPub; */
  static Extension externalPub(Bytes publicKey) {
    return new Extension(Extension.EXTERNAL_PUB, new TlsWriter().vlBytes(publicKey).toBytes());
  }

  static Optional<Bytes> externalPub(List<Extension> extensions) throws DecodeException {
    Optional<Extension> extension = find(extensions, Extension.EXTERNAL_PUB);
    if (extension.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TlsReader.decodeAll(extension.get().data(), TlsReader::vlBytes));
  }

  /**
   * The capabilities, beyond version, suite and own credential type, of a leaf this library makes
   * for a group with {@code groupContextExtensions} (§7.2, §11.1): the group's non-default
   * extension types, SelfRemove, and whatever the group's required_capabilities lists.
   */
  static Capabilities ownCapabilities(List<Extension> groupContextExtensions)
      throws DecodeException {
    LeafValidationContext required =
        LeafValidationContext.of(Bytes.EMPTY, groupContextExtensions, 0, false);
    Set<Integer> extensions = new LinkedHashSet<>();
    for (Extension extension : groupContextExtensions) {
      if (!isDefault(extension.type())) {
        extensions.add(extension.type());
      }
    }
    for (int type : required.requiredExtensions()) {
      if (!isDefault(type)) {
        extensions.add(type);
      }
    }
    Set<Integer> proposals = new LinkedHashSet<>();
    proposals.add(SelfRemove.TYPE);
    for (int type : required.requiredProposals()) {
      if (type > LAST_DEFAULT_PROPOSAL) {
        proposals.add(type);
      }
    }
    return new Capabilities(
        List.of(),
        List.of(),
        List.copyOf(extensions),
        List.copyOf(proposals),
        required.requiredCredentials());
  }

  static boolean isDefault(int type) {
    return type >= Extension.APPLICATION_ID && type <= LAST_DEFAULT;
  }

  /** RFC 9420 §13.4: no two extensions of one type in a list. */
  static void requireDistinctTypes(List<Extension> extensions, String where)
      throws ValidationException {
    Set<Integer> seen = new HashSet<>();
    for (Extension extension : extensions) {
      if (!seen.add(extension.type())) {
        throw new ValidationException(
            ValidationCode.EXTENSION_TYPE_DUPLICATE,
            String.format("%s repeats type 0x%04x", where, extension.type()));
      }
    }
  }

  /**
   * RFC 9420 §13.4: a member's capabilities list every non-default GroupContext extension of the
   * group.
   */
  static void requireSupported(LeafNode leaf, List<Extension> groupContextExtensions, String who)
      throws ValidationException {
    for (Extension extension : groupContextExtensions) {
      int type = extension.type();
      if (!isDefault(type) && !leaf.capabilities().extensions().contains(type)) {
        throw new ValidationException(
            ValidationCode.GROUP_CONTEXT_EXTENSION_UNSUPPORTED,
            String.format("%s does not support extension 0x%04x", who, type));
      }
    }
  }
}
