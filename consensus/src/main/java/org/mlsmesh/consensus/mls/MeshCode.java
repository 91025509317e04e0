package org.mlsmesh.consensus.mls;

/**
 * Every rule the MLS Mesh layer adds on top of RFC 9420, with a stable id and the section it rests
 * on. Ids never change meaning once released; each code has a negative test marked
 * {@code @CoversMesh}.
 *
 * <p>Id ranges: 90x the authenticated data and content of group messages, 91x consensus messages
 * (beacons and pulls).
 */
public enum MeshCode {
  AUTHENTICATED_DATA_MALFORMED(
      901, "RFC 9420 §6", "the authenticated_data is not a mesh header of a supported version"),
  PARENT_EPOCH_MISMATCH(
      902,
      "RFC 9750 §5.2.2",
      "the epoch id in the authenticated_data is not the epoch the message is processed in"),
  NOT_A_COMMIT(903, "RFC 9420 §6", "a message offered as a Commit carries another content type"),
  APPLICATION_CONTENT_MALFORMED(
      904, "RFC 9420 §6.3", "the application data is not a mesh message of a supported version"),
  CONSENSUS_VERSION_UNSUPPORTED(911, "RFC 9750 §5.2.2", "a consensus message of another version"),
  CONSENSUS_MESSAGE_MALFORMED(
      912, "RFC 9750 §5.2.2", "a consensus message that does not decode or breaks a size bound"),
  BEACON_GROUP_MISMATCH(913, "RFC 9750 §5.2.2", "a beacon for another group"),
  BEACON_SENDER_UNKNOWN(
      914, "RFC 9420 §7.8", "a beacon signed for a leaf that is blank or outside the tree"),
  BEACON_SIGNATURE_INVALID(
      915, "RFC 9420 §5.1.2", "the beacon's signature does not verify under the leaf's key");

  private final int id;
  private final String section;
  private final String description;

  MeshCode(int id, String section, String description) {
    this.id = id;
    this.section = section;
    this.description = description;
  }

  public int id() {
    return id;
  }

  public String section() {
    return section;
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return id + " (" + section + "): " + description;
  }
}
