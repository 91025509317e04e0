package org.mlsmesh.protocol.conformance;

import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.schedule.KeyAndNonce;
import org.mlsmesh.protocol.schedule.RatchetType;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;
import org.mlsmesh.protocol.schedule.SecretTreeException;
import org.mlsmesh.protocol.schedule.SenderDataKeys;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The {@code secret-tree} vectors: the sender-data key and nonce (RFC 9420 §6.3.2), and for each
 * leaf the handshake and application keys and nonces of the listed generations (§9), requested in
 * the listed order through the public API.
 */
public final class SecretTreeCheck implements VectorCheck {
  @Override
  public String kind() {
    return "secret-tree";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CryptoProvider crypto = vector.cipherSuite().crypto();
    checkSenderData(crypto, vector.object("sender_data"));

    List<List<VectorCase>> leaves = leaves(vector);
    if (Long.bitCount(leaves.size()) != 1) {
      throw new VectorMismatch(
          vector.path() + ".leaves has " + leaves.size() + " entries, not a power of two");
    }
    Secret encryptionSecret = Secret.of(vector.hex("encryption_secret"));
    SecretTree tree = SecretTree.create(crypto, encryptionSecret, leaves.size(), config(leaves));
    try {
      for (int leaf = 0; leaf < leaves.size(); leaf++) {
        for (VectorCase g : leaves.get(leaf)) {
          checkGeneration(tree, LeafIndex.of(leaf), g);
        }
      }
    } finally {
      tree.destroy();
    }
  }

  /** {@code leaves}: per leaf, a list of generation objects. */
  private static List<List<VectorCase>> leaves(VectorCase vector) throws VectorMismatch {
    List<?> raw = vector.list("leaves");
    List<List<VectorCase>> leaves = new ArrayList<>(raw.size());
    for (int leaf = 0; leaf < raw.size(); leaf++) {
      String path = vector.path() + ".leaves[" + leaf + "]";
      if (!(raw.get(leaf) instanceof List)) {
        throw new VectorMismatch(path + " is not a list");
      }
      List<?> items = (List<?>) raw.get(leaf);
      List<VectorCase> generations = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        generations.add(VectorCase.of(items.get(i), path + "[" + i + "]"));
      }
      leaves.add(generations);
    }
    return leaves;
  }

  private static void checkSenderData(CryptoProvider crypto, VectorCase s) throws VectorMismatch {
    Secret senderDataSecret = Secret.of(s.hex("sender_data_secret"));
    KeyAndNonce keys = SenderDataKeys.derive(crypto, senderDataSecret, s.hex("ciphertext"));
    try {
      VectorCase.expectEqual("sender_data.key", s.hex("key"), keys.key().insecureAsBytes());
      VectorCase.expectEqual("sender_data.nonce", s.hex("nonce"), keys.nonce().insecureAsBytes());
    } finally {
      keys.destroy();
      senderDataSecret.destroy();
    }
  }

  private static void checkGeneration(SecretTree tree, LeafIndex leaf, VectorCase g)
      throws VectorMismatch {
    long generation = g.uint32("generation");
    String at = leaf + " generation " + generation + " ";
    for (RatchetType type : RatchetType.values()) {
      String prefix = type == RatchetType.HANDSHAKE ? "handshake" : "application";
      KeyAndNonce keys;
      try {
        keys = tree.keyFor(leaf, type, generation);
      } catch (SecretTreeException e) {
        throw new VectorMismatch(at + prefix + " key unavailable", e);
      }
      try {
        VectorCase.expectEqual(
            at + prefix + "_key", g.hex(prefix + "_key"), keys.key().insecureAsBytes());
        VectorCase.expectEqual(
            at + prefix + "_nonce", g.hex(prefix + "_nonce"), keys.nonce().insecureAsBytes());
      } finally {
        keys.destroy();
      }
    }
  }

  /** The default window, widened when a listed generation jumps further ahead than it allows. */
  private static SecretTreeConfig config(List<List<VectorCase>> leaves) throws VectorMismatch {
    long distance = SecretTreeConfig.DEFAULT.maximumForwardDistance();
    for (List<VectorCase> generations : leaves) {
      long head = 0;
      for (VectorCase g : generations) {
        long generation = g.uint32("generation");
        distance = Math.max(distance, generation - head);
        head = Math.max(head, generation + 1);
      }
    }
    if (distance > Integer.MAX_VALUE) {
      throw new VectorMismatch("a generation jump of " + distance + " is beyond this check");
    }
    return new SecretTreeConfig(SecretTreeConfig.DEFAULT.outOfOrderTolerance(), (int) distance);
  }
}
