package org.mlsmesh.protocol.group;

import java.time.Duration;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.ProtocolVersion;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.KeySchedule;
import org.mlsmesh.protocol.schedule.TranscriptHashes;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/** Creating a one-member group (RFC 9420 §11). */
final class GroupCreation {
  private GroupCreation() {}

  static GroupState create(
      GroupEnvironment env,
      Bytes groupId,
      List<Extension> extensions,
      KeyPackageBundle creator,
      SignatureKeyPair signer) {
    CipherSuite suite =
        CipherSuite.fromId(creator.keyPackage().cipherSuite())
            .orElseThrow(() -> new IllegalArgumentException("unknown cipher suite"));
    LeafNode leaf = creator.keyPackage().leafNode();
    if (!leaf.signatureKey().equals(signer.publicKey())) {
      throw new IllegalArgumentException("the signer's key is not the leaf's signature key");
    }
    try {
      GroupExtensions.requireDistinctTypes(extensions, "the group's extensions");
      GroupExtensions.requireSupported(leaf, extensions, "the creator");
    } catch (ValidationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    CryptoProvider crypto = suite.crypto();
    RatchetTree tree = RatchetTree.create(suite, leaf);
    GroupContext context =
        new GroupContext(
            ProtocolVersion.MLS10.code,
            suite.id(),
            groupId,
            0,
            tree.treeHash(),
            Bytes.EMPTY,
            extensions);
    // RFC 9420 §11: a random epoch secret, and the interim transcript hash from the
    // confirmation tag over the empty confirmed transcript hash.
    EpochSecrets secrets = KeySchedule.firstEpoch(crypto, env.random());
    Bytes tag = secrets.confirmationTag(Bytes.EMPTY);
    Epoch epoch =
        new Epoch(context, tree, TranscriptHashes.interim(crypto, Bytes.EMPTY, tag), tag, secrets);
    return GroupState.enter(
        env,
        epoch,
        signer,
        GroupState.leafKeys(suite, LeafIndex.of(0), creator.encryptionPrivateKey()));
  }

  static GroupState create(
      GroupEnvironment env,
      CipherSuite suite,
      Bytes groupId,
      List<Extension> extensions,
      SignatureKeyPair signer,
      Credential credential,
      long nowMillis) {
    Capabilities capabilities;
    try {
      capabilities = GroupExtensions.ownCapabilities(extensions);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("malformed required_capabilities extension", e);
    }
    KeyPackageBundle bundle =
        KeyPackageBuilder.create(suite, signer, credential)
            .validFor(nowMillis, Duration.ofDays(90))
            .additionalCapabilities(capabilities)
            .build(env.random());
    try {
      return create(env, groupId, extensions, bundle, signer);
    } finally {
      bundle.destroy();
    }
  }
}
