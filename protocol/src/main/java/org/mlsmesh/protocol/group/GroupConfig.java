package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;

/**
 * How one member runs a group: message key retention and how it sends handshake messages.
 *
 * @param secretTree out-of-order and forward-distance limits of each epoch's sender ratchets
 * @param pastEpochs how many past epochs keep their secret tree, so that late application messages
 *     still decrypt (RFC 9420 §14 "Delayed and Reordered Application Messages"); 0 drops an epoch's
 *     keys as soon as the next epoch is merged, after which the old state can no longer decrypt
 *     (not even a competing PrivateMessage Commit of its epoch)
 * @param resumptionPskEpochs how many recent epochs (the current one included) keep their
 *     resumption PSK for PreSharedKey proposals of type resumption (§8.6)
 * @param encryptHandshake send proposals and commits as PrivateMessage (§6: SHOULD) rather than
 *     PublicMessage
 * @param checkReceivedLifetimes check the lifetime of leaf nodes received in Commits and trees
 *     against the current time (§7.3: RECOMMENDED for received leaves; off by default, since a
 *     member's key_package leaf stays in the tree after its lifetime ends)
 * @param incomingHandshake the wire formats accepted for members' proposals and Commits (§6)
 */
public record GroupConfig(
    SecretTreeConfig secretTree,
    int pastEpochs,
    int resumptionPskEpochs,
    boolean encryptHandshake,
    boolean checkReceivedLifetimes,
    HandshakeWireFormats incomingHandshake) {

  /**
   * Two past epochs, four resumption PSKs, encrypted handshake messages, handshake messages of
   * either wire format accepted.
   */
  public static final GroupConfig DEFAULT =
      new GroupConfig(SecretTreeConfig.DEFAULT, 2, 4, true, false, HandshakeWireFormats.BOTH);

  public GroupConfig {
    Objects.requireNonNull(secretTree, "secretTree");
    Objects.requireNonNull(incomingHandshake, "incomingHandshake");
    if (pastEpochs < 0 || resumptionPskEpochs < 1) {
      throw new IllegalArgumentException(
          "pastEpochs must be >= 0 and resumptionPskEpochs >= 1: "
              + pastEpochs
              + ", "
              + resumptionPskEpochs);
    }
  }

  /** A configuration that accepts handshake messages of either wire format. */
  public GroupConfig(
      SecretTreeConfig secretTree,
      int pastEpochs,
      int resumptionPskEpochs,
      boolean encryptHandshake,
      boolean checkReceivedLifetimes) {
    this(
        secretTree,
        pastEpochs,
        resumptionPskEpochs,
        encryptHandshake,
        checkReceivedLifetimes,
        HandshakeWireFormats.BOTH);
  }

  public GroupConfig withIncomingHandshake(HandshakeWireFormats formats) {
    return new GroupConfig(
        secretTree,
        pastEpochs,
        resumptionPskEpochs,
        encryptHandshake,
        checkReceivedLifetimes,
        formats);
  }

  public GroupConfig withPastEpochs(int count) {
    return new GroupConfig(
        secretTree,
        count,
        resumptionPskEpochs,
        encryptHandshake,
        checkReceivedLifetimes,
        incomingHandshake);
  }

  public GroupConfig withResumptionPskEpochs(int count) {
    return new GroupConfig(
        secretTree, pastEpochs, count, encryptHandshake, checkReceivedLifetimes, incomingHandshake);
  }

  public GroupConfig withEncryptHandshake(boolean encrypt) {
    return new GroupConfig(
        secretTree,
        pastEpochs,
        resumptionPskEpochs,
        encrypt,
        checkReceivedLifetimes,
        incomingHandshake);
  }

  public GroupConfig withSecretTree(SecretTreeConfig config) {
    return new GroupConfig(
        config,
        pastEpochs,
        resumptionPskEpochs,
        encryptHandshake,
        checkReceivedLifetimes,
        incomingHandshake);
  }

  public GroupConfig withCheckReceivedLifetimes(boolean check) {
    return new GroupConfig(
        secretTree, pastEpochs, resumptionPskEpochs, encryptHandshake, check, incomingHandshake);
  }
}
