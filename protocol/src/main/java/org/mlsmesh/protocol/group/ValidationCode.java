package org.mlsmesh.protocol.group;

/**
 * Every validation rule of RFC 9420 that this library enforces, with a stable id and the section
 * that states it. Ids never change meaning once released; new rules get new ids. Each code has at
 * least one negative test marked {@code @Covers}.
 *
 * <p>Id ranges: 1xx framing and message authentication (§6), 2xx proposals (§12.1–§12.2), 3xx
 * commits (§12.4), 4xx ratchet tree and leaf nodes (§7), 5xx key packages and credentials (§5.3,
 * §10), 6xx Welcome, GroupInfo and joining (§12.4.3).
 */
public enum ValidationCode {
  // --- 4xx: ratchet tree and leaf nodes (RFC 9420 §7) ---
  LEAF_SIGNATURE_INVALID(401, "§7.3", "the leaf node's signature does not verify");

  private final int id;
  private final String section;
  private final String description;

  ValidationCode(int id, String section, String description) {
    this.id = id;
    this.section = section;
    this.description = description;
  }

  /** The stable numeric id, e.g. 401. */
  public int id() {
    return id;
  }

  /** The RFC 9420 section that states the rule, e.g. "§7.3". */
  public String section() {
    return section;
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return "MLS-" + id + " (RFC 9420 " + section + ")";
  }
}
