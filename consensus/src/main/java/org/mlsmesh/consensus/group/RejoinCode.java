package org.mlsmesh.consensus.group;

/**
 * The rules a GroupInfo answer must follow before a member rejoins by external Commit from it
 * (after losing a partition longer than the settle window), with stable ids (93x: rejoin) and the
 * section they rest on. Each code has a negative test in {@code GroupInfoCheckTest}.
 */
public enum RejoinCode {
  ANSWER_MALFORMED(931, "RFC 9420 §12.4.3", "the answer or its GroupInfo does not decode"),
  GROUP_MISMATCH(932, "RFC 9420 §12.4.3.1", "the GroupInfo is of another group"),
  RATCHET_TREE_MISSING(
      933, "RFC 9420 §12.4.3.3", "the GroupInfo has no (valid) ratchet_tree extension"),
  SIGNER_NOT_CONTACT(
      934,
      "RFC 9420 §12.4.3.1",
      "the GroupInfo's signer is not the member asked, with the signature key we know for it"),
  SIGNATURE_INVALID(935, "RFC 9420 §12.4.3", "the GroupInfo's signature does not verify"),
  EPOCH_NOT_BEACON(
      936,
      "RFC 9750 §5.2.2",
      "the GroupInfo's epoch is not the one the member's last verified beacon announced");

  private final int id;
  private final String section;
  private final String description;

  RejoinCode(int id, String section, String description) {
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
    return "RJ-" + id + " (" + section + ")";
  }
}
