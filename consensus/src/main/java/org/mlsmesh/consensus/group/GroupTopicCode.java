package org.mlsmesh.consensus.group;

/**
 * The rules a frame of the group wire ({@link GroupWire}) must follow: on a group's gossip topic,
 * to be relayed, and between two members, with stable ids (92x: group topics) and the section they
 * rest on. Each is checked without the group's keys, so every node relaying the topic checks it at
 * the first hop. Each code has a negative test marked {@code GroupTopicCovers}; a meta-test fails
 * on a code without one.
 */
public enum GroupTopicCode {
  TAG_UNKNOWN(921, "RFC 9420 §6", "the payload is empty or its first byte is no group message tag"),
  MLS_MESSAGE_MALFORMED(
      922,
      "RFC 9420 §6",
      "the MLSMessage does not decode (bad length, unknown value, trailing bytes)"),
  WIRE_FORMAT_UNEXPECTED(
      923,
      "RFC 9420 §6.2",
      "not a PublicMessage or PrivateMessage, or an application message that is not encrypted"),
  CONTENT_TYPE_MISMATCH(924, "RFC 9420 §6", "the content type is not the one the tag announces"),
  GROUP_MISMATCH(925, "RFC 9420 §6", "the message's group_id is not the group of the topic"),
  MESH_HEADER_MALFORMED(
      926, "RFC 9420 §6", "the authenticated_data is not a mesh header of a supported version"),
  BEACON_MALFORMED(
      927,
      "RFC 9750 §5.2.2",
      "a beacon that does not decode, or a consensus message of another kind"),
  DIRECT_MALFORMED(
      928,
      "RFC 9750 §5.2.2",
      "a direct message between members of a group that does not decode or names no group");

  private final int id;
  private final String section;
  private final String description;

  GroupTopicCode(int id, String section, String description) {
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
    return "GT-" + id + " (" + section + ")";
  }
}
