package org.mlsmesh.consensus.group;

import java.util.Objects;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.GroupEnvironment;

/**
 * What every group engine of one member shares: the MLS environment (validators, entropy), the
 * member's signature key and credential (its identity is the credential's), the fork-choice
 * settings and the shell's timing facts.
 */
public final class GroupEngineSettings {
  final GroupEnvironment env;
  final SignatureKeyPair signer;
  final BasicCredential credential;
  final ForkChoiceConfig forkChoice;
  final long replayAgeMillis;
  final long beaconIntervalMillis;
  final boolean stampSendTime;

  /**
   * @param replayAgeMillis a message sent longer ago than this is a replay (a retained message for
   *     a late subscriber, a re-send after a restart), not a measure of the delivery delay: the
   *     gossip layer's retention
   * @param beaconIntervalMillis how often the member publishes its signed beacon
   * @param stampSendTime whether messages carry their send time (mesh header v2) for receivers to
   *     measure delivery delays
   */
  public GroupEngineSettings(
      GroupEnvironment env,
      SignatureKeyPair signer,
      BasicCredential credential,
      ForkChoiceConfig forkChoice,
      long replayAgeMillis,
      long beaconIntervalMillis,
      boolean stampSendTime) {
    this.env = Objects.requireNonNull(env, "env");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.credential = Objects.requireNonNull(credential, "credential");
    this.forkChoice = Objects.requireNonNull(forkChoice, "forkChoice");
    if (replayAgeMillis <= 0 || beaconIntervalMillis <= 0) {
      throw new IllegalArgumentException(
          "replay age and beacon interval must be positive: "
              + replayAgeMillis
              + ", "
              + beaconIntervalMillis);
    }
    this.replayAgeMillis = replayAgeMillis;
    this.beaconIntervalMillis = beaconIntervalMillis;
    this.stampSendTime = stampSendTime;
  }

  public ForkChoiceConfig forkChoice() {
    return forkChoice;
  }

  @Override
  public String toString() {
    return "GroupEngineSettings[" + credential + ", " + forkChoice + "]";
  }
}
