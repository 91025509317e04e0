package org.mlsmesh.consensus.mls;

import java.util.Optional;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * Signing and checking beacons: {@code SignWithLabel(leaf signature key, "mlsmesh beacon", group_id
 * || BeaconBody)} (RFC 9420 §5.1.2), by the key of the sender's leaf in the receiver's current
 * epoch. A beacon from a leaf the receiver does not know, for another group, or with a bad
 * signature is rejected with its {@link MeshCode} and never reaches the fork choice.
 */
public final class Beacons {
  public static final String LABEL = "mlsmesh beacon";

  private Beacons() {}

  /** Signs {@code beacon} for {@code state}'s group with the member's signature key. */
  public static ConsensusMessage.SignedBeacon sign(
      GroupState state, Beacon beacon, SignatureKeyPair signer) {
    Bytes content = ConsensusMessage.signedContent(state.groupId(), beacon);
    Bytes signature = state.suite().crypto().signWithLabel(signer.privateKey(), LABEL, content);
    return new ConsensusMessage.SignedBeacon(state.groupId(), beacon, signature);
  }

  /** Decodes a consensus message (see {@link ConsensusMessage} for the format and bounds). */
  public static ConsensusMessage decode(Bytes wire) throws MeshException {
    return ConsensusMessage.decode(wire);
  }

  /**
   * Checks a beacon against {@code state}: same group, the sender's leaf is a member, and the
   * signature verifies under that leaf's signature key. Returns the beacon to pass to the fork
   * choice.
   */
  public static Beacon verify(ConsensusMessage.SignedBeacon signed, GroupState state)
      throws MeshException {
    checkGroup(signed, state);
    Beacon beacon = signed.beacon();
    Optional<LeafNode> leaf =
        state.tree().contains(beacon.from()) ? state.tree().leaf(beacon.from()) : Optional.empty();
    if (leaf.isEmpty()) {
      throw new MeshException(
          MeshCode.BEACON_SENDER_UNKNOWN,
          beacon.from() + " is not a member in epoch " + state.currentEpoch());
    }
    return verifyWith(signed, state, leaf.get().signatureKey());
  }

  /**
   * Verifies {@code signed} with {@code signatureKey}, a member's key we know from {@code state}:
   * for a beacon whose sender has another leaf in its epoch than in ours (it rejoined since), sent
   * to us directly by that member.
   */
  public static Beacon verifyWith(
      ConsensusMessage.SignedBeacon signed, GroupState state, Bytes signatureKey)
      throws MeshException {
    checkGroup(signed, state);
    Beacon beacon = signed.beacon();
    try {
      state
          .suite()
          .crypto()
          .verifyWithLabel(
              signatureKey,
              LABEL,
              ConsensusMessage.signedContent(signed.groupId(), beacon),
              signed.signature());
    } catch (CryptoException e) {
      throw new MeshException(
          MeshCode.BEACON_SIGNATURE_INVALID, "beacon of " + beacon.from() + " does not verify", e);
    }
    return beacon;
  }

  private static void checkGroup(ConsensusMessage.SignedBeacon signed, GroupState state)
      throws MeshException {
    if (!signed.groupId().equals(state.groupId())) {
      throw new MeshException(
          MeshCode.BEACON_GROUP_MISMATCH,
          "beacon for group " + signed.groupId() + ", this is " + state.groupId());
    }
  }
}
