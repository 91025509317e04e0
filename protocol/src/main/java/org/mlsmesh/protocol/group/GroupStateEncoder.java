package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.KeyAndNonce;
import org.mlsmesh.protocol.schedule.RatchetType;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/** Writes a {@link GroupState} in the {@link GroupStateFormat}. */
final class GroupStateEncoder {
  private GroupStateEncoder() {}

  static SavedGroupState encode(GroupState state) {
    Epoch epoch = state.epoch();
    GroupConfig config = state.environment().config();
    StateWriter w = new StateWriter(4096);
    try {
      w.bytes(GroupStateFormat.MAGIC);
      w.u16(GroupStateFormat.VERSION);
      w.u16(epoch.suite.id());
      w.u32(config.secretTree().outOfOrderTolerance());
      w.u32(config.secretTree().maximumForwardDistance());
      w.u32(config.pastEpochs());
      w.u32(config.resumptionPskEpochs());
      w.bool(config.encryptHandshake());
      w.bool(config.checkReceivedLifetimes());
      w.u8(config.incomingHandshake().code());
      w.struct(epoch.context);
      w.struct(epoch.tree::encodeNodes);
      w.vlBytes(epoch.interimTranscriptHash);
      w.vlBytes(epoch.confirmationTag);
      writeReInit(w, epoch);
      writeSecrets(w, epoch.secrets);
      w.u32(state.ownLeaf().value());
      w.secret(state.signer().privateKey());
      w.vlBytes(state.signer().publicKey());
      writePrivateKeys(w, state.privateKeys());
      w.bool(state.keysHandedOn());
      if (!state.keysHandedOn()) {
        writeKeys(w, state.keys());
        List<EpochKeys> past = new ArrayList<>();
        for (EpochKeys keys : state.pastKeys()) {
          if (!keys.isDestroyed()) {
            past.add(keys);
          }
        }
        w.vector(
            past,
            (v, keys) -> {
              v.struct(keys.context);
              v.struct(keys.tree::encodeNodes);
              writeKeys(v, keys);
            });
      }
      w.vector(
          List.copyOf(state.resumptionPsks().entrySet()),
          (v, entry) -> v.u64(entry.getKey()).secret(entry.getValue()));
      w.vector(
          state.proposalStore().all(),
          (v, queued) ->
              v.vlBytes(queued.ref().value()).struct(queued.sender()).struct(queued.proposal()));
      w.vector(
          List.copyOf(state.proposalStore().ownUpdateKeys().entrySet()),
          (v, entry) -> v.vlBytes(entry.getKey()).secret(entry.getValue()));
      return w.toSaved();
    } finally {
      w.wipe();
    }
  }

  private static void writeReInit(StateWriter w, Epoch epoch) {
    if (epoch.reInit.isEmpty()) {
      w.u8(0);
      return;
    }
    ReInit reInit = epoch.reInit.get();
    w.u8(1).struct(reInit::encodeBody);
  }

  private static void writeSecrets(StateWriter w, EpochSecrets secrets) {
    w.secret(secrets.senderDataSecret())
        .secret(secrets.exporterSecret())
        .secret(secrets.externalSecret())
        .secret(secrets.confirmationKey())
        .secret(secrets.membershipKey())
        .secret(secrets.resumptionPsk())
        .secret(secrets.epochAuthenticator())
        .secret(secrets.initSecret());
  }

  private static void writePrivateKeys(StateWriter w, TreePrivateKeys keys) {
    w.vector(
        keys.nodes(), (v, node) -> v.u32(node.value()).secret(keys.privateKey(node).orElseThrow()));
  }

  private static void writeKeys(StateWriter w, EpochKeys keys) {
    SecretTree tree = keys.secretTree();
    w.u32(tree.leafCount());
    w.secret(keys.senderDataSecret());
    SortedMap<Long, Secret> nodeSecrets = tree.copyNodeSecrets();
    List<SecretTree.RatchetPosition> ratchets = tree.copyRatchets();
    try {
      w.vector(
          List.copyOf(nodeSecrets.entrySet()), (v, e) -> v.u32(e.getKey()).secret(e.getValue()));
      w.vector(ratchets, GroupStateEncoder::writeRatchet);
    } finally {
      nodeSecrets.values().forEach(Secret::destroy);
      ratchets.forEach(SecretTree.RatchetPosition::destroy);
    }
  }

  private static void writeRatchet(StateWriter w, SecretTree.RatchetPosition ratchet) {
    w.u32(ratchet.leaf().value());
    w.u8(ratchet.type() == RatchetType.HANDSHAKE ? 0 : 1);
    w.u64(ratchet.head());
    if (ratchet.secret().isPresent()) {
      w.u8(1).secret(ratchet.secret().get());
    } else {
      w.u8(0);
    }
    w.vector(
        List.copyOf(ratchet.skipped().entrySet()),
        (v, entry) -> {
          KeyAndNonce key = entry.getValue();
          v.u32(entry.getKey()).secret(key.key()).secret(key.nonce());
        });
  }
}
