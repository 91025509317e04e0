package org.mlsmesh.interop.client;

import java.nio.charset.StandardCharsets;
import mls_client.MlsClient.ProposalDescription;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/**
 * Proposals described by the runner (by value in a Commit, or for an external sender): "add",
 * "remove", "externalPSK", "resumptionPSK", "groupContextExtensions", "reinit" (RFC 9420 §12.1).
 */
final class ProposalDescriptions {
  private ProposalDescriptions() {}

  /**
   * The proposal {@code description} asks for, in the group of {@code context} whose tree is {@code
   * tree}; PSK nonces are fresh (§8.4).
   */
  static Proposal proposal(
      ProposalDescription description,
      GroupContext context,
      RatchetTreeNodes tree,
      EntropySource random)
      throws DecodeException, ClientFault {
    String type = description.getProposalType().toString(StandardCharsets.UTF_8);
    CipherSuite suite =
        CipherSuite.fromId(context.cipherSuite())
            .orElseThrow(() -> ClientFault.badRequest("unknown suite " + context.cipherSuite()));
    return switch (type) {
      case "add" -> {
        MlsMessage message = Wire.message(description.getKeyPackage(), "key_package");
        yield new Add(
            message
                .keyPackage()
                .orElseThrow(() -> new DecodeException("key_package is not a KeyPackage", 0)));
      }
      case "remove" -> {
        Bytes identity = Wire.bytes(description.getRemovedId());
        yield new Remove(
            Wire.leafOf(tree, identity)
                .orElseThrow(() -> ClientFault.badRequest("no member " + identity)));
      }
      case "externalPSK" ->
          new PreSharedKey(
              PreSharedKeyId.external(Wire.bytes(description.getPskId()), nonce(suite, random)));
      case "resumptionPSK" ->
          new PreSharedKey(
              PreSharedKeyId.resumption(
                  PreSharedKeyId.ResumptionUsage.APPLICATION,
                  context.groupId(),
                  description.getEpochId(),
                  nonce(suite, random)));
      case "groupContextExtensions" ->
          new GroupContextExtensions(Wire.extensions(description.getExtensionsList()));
      case "reinit" ->
          new ReInit(
              Wire.bytes(description.getGroupId()),
              context.version(),
              description.getCipherSuite(),
              Wire.extensions(description.getExtensionsList()));
      default -> throw ClientFault.badRequest("unknown proposal_type '" + type + "'");
    };
  }

  private static Bytes nonce(CipherSuite suite, EntropySource random) {
    return Bytes.wrap(random.randomBytes(suite.hashLength()));
  }
}
