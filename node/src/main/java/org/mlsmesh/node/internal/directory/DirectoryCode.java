package org.mlsmesh.node.internal.directory;

/**
 * The rules a KeyPackage directory message must follow, with stable ids (9xx: node directory) and
 * the section of RFC 9420 the rule rests on. Each code has a negative test marked {@code
 * DirectoryCovers}; a meta-test fails on a code without one.
 */
enum DirectoryCode {
  MALFORMED(
      901,
      "§2.1",
      "a directory message does not decode (unknown type, bad length, trailing bytes)"),
  ANNOUNCEMENT_SIGNATURE_INVALID(
      902, "§5.1.2", "the announcing node's signature over the announcement does not verify"),
  ANNOUNCEMENT_IDENTITY_MISMATCH(
      903, "§5.3", "the KeyPackage's credential is not a basic credential of the announcing node"),
  KEY_PACKAGE_INVALID(904, "§10.1", "the announced KeyPackage fails KeyPackage validation"),
  TOMBSTONE_SIGNATURE_INVALID(
      905,
      "§5.1.2, §16.8",
      "the signature over a tombstone (a claimed KeyPackage) does not verify"),
  TOMBSTONE_NOT_OWNER(
      906,
      "§16.8",
      "a tombstone on the directory topic is not signed by the owner of the KeyPackage it claims"),
  CLAIM_NOT_OWN(
      907,
      "§16.8",
      "a claim sent to this node names a KeyPackage that is not this node's, or not unclaimed"),
  SIGNER_RATE_LIMITED(
      908, "§16.8", "an owner announces or claims more KeyPackages than its share allows"),
  PEER_RATE_LIMITED(
      909, "§16.8", "a peer sends or relays more directory messages than its share allows");

  private final int id;
  private final String section;
  private final String description;

  DirectoryCode(int id, String section, String description) {
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
    return "DIR-" + id + " (RFC 9420 " + section + ")";
  }
}
