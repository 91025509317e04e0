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
  LEAF_SIGNATURE_INVALID(401, "§7.3", "the leaf node's signature does not verify"),
  TREE_SHAPE_INVALID(
      402,
      "§12.4.3.3",
      "the ratchet tree is empty, ends in a blank node, or has a node of the wrong type"),
  LEAF_SOURCE_UNEXPECTED(403, "§7.3", "the leaf node's leaf_node_source is wrong for its use"),
  LEAF_CAPABILITIES_INSUFFICIENT(
      404, "§7.3", "the leaf node does not support a capability the group requires"),
  LEAF_CREDENTIAL_TYPE_UNSUPPORTED(
      405,
      "§7.2, §7.3",
      "a credential type in use is not supported by the leaf, or the leaf's is not by the group"),
  LEAF_EXTENSION_UNSUPPORTED(
      406, "§7.2, §7.3", "the leaf node has an extension its capabilities do not list"),
  LEAF_LIFETIME_INVALID(407, "§7.3", "the current time is outside the leaf node's lifetime"),
  ENCRYPTION_KEY_DUPLICATE(
      408, "§7.3, §12.4.3.1", "an encryption key appears in more than one node of the tree"),
  SIGNATURE_KEY_DUPLICATE(409, "§7.3", "a signature key appears in more than one leaf"),
  LEAF_ENCRYPTION_KEY_UNCHANGED(
      410, "§7.3, §12.4.2", "the new leaf node keeps the encryption key of the one it replaces"),
  UNMERGED_LEAF_INVALID(
      411,
      "§7.1, §12.4.3.1",
      "an unmerged leaf is unsorted, blank, not below its parent, or missing from a node between"),
  PARENT_HASH_INVALID(412, "§7.9.2", "a parent node is not parent-hash valid"),
  TREE_HASH_MISMATCH(413, "§12.4.3.1", "the tree hash does not match the expected one"),
  UPDATE_PATH_LENGTH_INVALID(
      414, "§7.6, §12.4.2", "the UpdatePath does not have one node per filtered direct path node"),
  UPDATE_PATH_CIPHERTEXT_COUNT_INVALID(
      415, "§7.6", "an UpdatePath node does not have one ciphertext per copath resolution node"),
  UPDATE_PATH_PARENT_HASH_MISMATCH(
      416, "§7.9.2, §12.4.2", "the committer's leaf parent hash does not match the merged path"),
  PATH_SECRET_UNDECRYPTABLE(417, "§12.4.2", "the path secret for this member does not decrypt"),
  UPDATE_PATH_KEY_MISMATCH(
      418, "§7.4, §12.4.2", "a derived path public key differs from the one in the UpdatePath"),

  // --- 5xx: key packages (RFC 9420 §10) ---
  KEY_PACKAGE_VERSION_UNSUPPORTED(501, "§10.1", "the KeyPackage's protocol version is not mls10"),
  KEY_PACKAGE_CIPHER_SUITE_MISMATCH(
      502, "§10.1", "the KeyPackage's cipher suite is not the group's"),
  KEY_PACKAGE_SIGNATURE_INVALID(503, "§10", "the KeyPackage's signature does not verify"),
  KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY(
      504, "§10.1", "the KeyPackage's init_key equals its leaf's encryption_key"),
  KEY_PACKAGE_INIT_KEY_INVALID(
      505, "§10", "the KeyPackage's init_key is not a valid HPKE public key of the suite"),
  KEY_PACKAGE_LEAF_SOURCE_INVALID(
      506, "§10", "the KeyPackage's leaf_node_source is not key_package"),
  KEY_PACKAGE_LEAF_SIGNATURE_INVALID(
      507, "§7.3", "the signature of the KeyPackage's leaf node does not verify"),
  KEY_PACKAGE_LEAF_ENCRYPTION_KEY_INVALID(
      508, "§10", "the leaf's encryption_key is not a valid HPKE public key of the suite"),
  KEY_PACKAGE_LIFETIME_NOT_CURRENT(
      509, "§7.3", "the current time is outside the leaf node's lifetime"),
  KEY_PACKAGE_LIFETIME_TOO_LONG(
      510, "§7.2", "the leaf node's total lifetime exceeds the accepted maximum"),
  KEY_PACKAGE_VERSION_NOT_IN_CAPABILITIES(
      511, "§10", "the leaf's capabilities do not list the KeyPackage's protocol version"),
  KEY_PACKAGE_CIPHER_SUITE_NOT_IN_CAPABILITIES(
      512, "§10", "the leaf's capabilities do not list the KeyPackage's cipher suite"),
  KEY_PACKAGE_CREDENTIAL_TYPE_NOT_IN_CAPABILITIES(
      513, "§7.2", "the leaf's capabilities do not list the type of its own credential"),
  KEY_PACKAGE_LEAF_EXTENSION_NOT_IN_CAPABILITIES(
      514, "§7.3", "a non-default leaf extension is not listed in the leaf's capabilities"),
  KEY_PACKAGE_DUPLICATE_EXTENSION(
      515, "§13.4", "an extension list holds more than one extension of the same type"),
  KEY_PACKAGE_EXTENSION_MALFORMED(
      516, "§10", "a known KeyPackage extension has malformed extension_data"),

  // --- 5xx: credentials (RFC 9420 §5.3) ---
  CREDENTIAL_CHAIN_UNTRUSTED(
      520, "§5.3.1", "the certificate chain does not lead to a configured trust anchor"),
  CREDENTIAL_CERTIFICATE_EXPIRED(521, "§5.3.2", "a certificate of the chain has expired"),
  CREDENTIAL_CERTIFICATE_NOT_YET_VALID(
      522, "§5.3.2", "a certificate of the chain is not yet valid"),
  CREDENTIAL_CERTIFICATE_SIGNATURE_INVALID(
      523, "§5.3.1", "a certificate's signature does not verify with its issuer's key"),
  CREDENTIAL_CERTIFICATE_MALFORMED(
      524, "§5.3", "a certificate is not a single DER-encoded X.509 certificate"),
  CREDENTIAL_KEY_MISMATCH(525, "§5.3", "the credential is not bound to the leaf's signature_key"),
  CREDENTIAL_TYPE_UNSUPPORTED(
      526, "§5.3.1", "the credential type is not accepted by this validator"),
  CREDENTIAL_CERTIFICATE_CONSTRAINTS_VIOLATED(
      527,
      "§5.3.1",
      "a certificate breaks basic constraints, key usage or has an unknown critical extension"),
  CREDENTIAL_REJECTED(528, "§5.3.1", "the Authentication Service rejected the identity");

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
