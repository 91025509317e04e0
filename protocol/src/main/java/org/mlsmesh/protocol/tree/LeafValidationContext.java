package org.mlsmesh.protocol.tree;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.message.Extension;

/**
 * The group parameters a leaf node is checked against (RFC 9420 §7.3).
 *
 * @param groupId the group's id, signed in the LeafNodeTBS of update and commit leaves
 * @param requiredExtensions extension types of the group's {@code required_capabilities}
 * @param requiredProposals proposal types of the group's {@code required_capabilities}
 * @param requiredCredentials credential types of the group's {@code required_capabilities}
 * @param nowMillis the current time
 * @param checkLifetime whether to check the lifetime of key_package leaves against {@code
 *     nowMillis}: a MUST for leaves a client sends, RECOMMENDED for those it receives
 */
public record LeafValidationContext(
    Bytes groupId,
    List<Integer> requiredExtensions,
    List<Integer> requiredProposals,
    List<Integer> requiredCredentials,
    long nowMillis,
    boolean checkLifetime) {

  public LeafValidationContext {
    Objects.requireNonNull(groupId, "groupId");
    requiredExtensions = List.copyOf(requiredExtensions);
    requiredProposals = List.copyOf(requiredProposals);
    requiredCredentials = List.copyOf(requiredCredentials);
  }

  /**
   * The context of a group with GroupContext extensions {@code extensions}, reading its {@code
   * required_capabilities} (RFC 9420 §11.1) if present.
   *
   * @throws DecodeException when the required_capabilities extension is malformed
   */
  public static LeafValidationContext of(
      Bytes groupId, List<Extension> extensions, long nowMillis, boolean checkLifetime)
      throws DecodeException {
    List<Integer> extensionTypes = List.of();
    List<Integer> proposalTypes = List.of();
    List<Integer> credentialTypes = List.of();
    for (Extension extension : extensions) {
      if (extension.type() == Extension.REQUIRED_CAPABILITIES) {
        // struct { ExtensionType extension_types<V>; ProposalType proposal_types<V>;
        //          CredentialType credential_types<V>; } RequiredCapabilities;
        TlsReader reader = TlsReader.of(extension.data());
        extensionTypes = reader.vector(TlsReader::u16);
        proposalTypes = reader.vector(TlsReader::u16);
        credentialTypes = reader.vector(TlsReader::u16);
        reader.finish();
      }
    }
    return new LeafValidationContext(
        groupId, extensionTypes, proposalTypes, credentialTypes, nowMillis, checkLifetime);
  }
}
