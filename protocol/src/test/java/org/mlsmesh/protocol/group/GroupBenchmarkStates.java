package org.mlsmesh.protocol.group;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.ProtocolVersion;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.TranscriptHashes;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * Group states of members of a large group for benchmarks, built around a ratchet tree made
 * directly (see {@code FullTrees}) instead of through thousands of Commits. Every member built from
 * the same tree, group id, epoch and epoch secret is in the same epoch with the same secrets, as if
 * they had all processed the same last Commit; the states are real ones that create and process
 * real messages.
 */
public final class GroupBenchmarkStates {
  private GroupBenchmarkStates() {}

  /**
   * The state of the member whose private keys are {@code keys} in epoch {@code epoch} of a group
   * with {@code tree}, whose epoch secret is {@code epochSecret}.
   */
  public static GroupState member(
      GroupEnvironment env,
      RatchetTree tree,
      Bytes groupId,
      long epoch,
      Bytes epochSecret,
      SignatureKeyPair signer,
      TreePrivateKeys keys) {
    CipherSuite suite = tree.suite();
    CryptoProvider crypto = suite.crypto();
    Bytes confirmed = crypto.hash(Bytes.concat(groupId, epochSecret));
    GroupContext context =
        new GroupContext(
            ProtocolVersion.MLS10.code,
            suite.id(),
            groupId,
            epoch,
            tree.treeHash(),
            confirmed,
            List.of());
    Secret secret = Secret.of(epochSecret);
    EpochSecrets secrets;
    try {
      secrets = EpochSecrets.fromEpochSecret(crypto, secret);
    } finally {
      secret.destroy();
    }
    Bytes tag = secrets.confirmationTag(confirmed);
    Epoch state =
        new Epoch(context, tree, TranscriptHashes.interim(crypto, confirmed, tag), tag, secrets);
    return GroupState.enter(env, state, signer, keys);
  }
}
