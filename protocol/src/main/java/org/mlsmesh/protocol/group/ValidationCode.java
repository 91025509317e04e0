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
  // --- 1xx: framing and message authentication (RFC 9420 §6) ---
  WIRE_FORMAT_UNEXPECTED(
      101, "§6", "the message is not a PublicMessage or PrivateMessage where one is expected"),
  WRONG_GROUP_ID(102, "§6", "the message is for another group"),
  WRONG_EPOCH(
      103,
      "§6, §12.4.2",
      "the message is for an epoch other than the current one (or a retained past one)"),
  MEMBERSHIP_TAG_INVALID(104, "§6.2", "the membership tag does not verify"),
  SIGNATURE_INVALID(105, "§6.1", "the signature of the content does not verify"),
  DECRYPTION_FAILED(106, "§6.3", "the sender data or the content does not decrypt"),
  SENDER_NOT_MEMBER(107, "§6.1, §6.3.2", "the sender's leaf is blank or outside the tree"),
  APPLICATION_MESSAGE_NOT_ENCRYPTED(108, "§6", "application data arrived in a PublicMessage"),
  MESSAGE_KEY_UNAVAILABLE(
      109, "§9.2", "the key of the message's generation was used, dropped, or is too far ahead"),
  SENDER_CONTENT_MISMATCH(
      110, "§6.1, §12.1.8", "the sender type may not send this content or proposal type"),
  EXTERNAL_SENDER_UNKNOWN(
      111, "§12.1.8.1", "the external sender index is not in the external_senders extension"),
  HANDSHAKE_WIRE_FORMAT_REJECTED(
      112,
      "§6, §16.1",
      "a member's proposal or Commit uses a wire format the group's configuration does not accept"),

  // --- 2xx: proposals and proposal lists (RFC 9420 §12.1, §12.2) ---
  PROPOSAL_REF_UNKNOWN(
      201, "§12.4", "a Commit refers to a proposal that was not received in this epoch"),
  REMOVE_TARGET_NOT_MEMBER(202, "§12.1.3", "a Remove names a blank leaf or one outside the tree"),
  PSK_NONCE_LENGTH_INVALID(203, "§12.1.4", "a PreSharedKeyID's psk_nonce is not KDF.Nh long"),
  PSK_USAGE_INVALID(
      204, "§12.1.4, §12.4.3.1", "a resumption PSK has usage reinit or branch outside its use"),
  PSK_UNAVAILABLE(205, "§12.4.2, §12.4.3.1", "a referenced PSK is not known to this client"),
  REINIT_VERSION_DOWNGRADE(206, "§12.1.5", "a ReInit names a version below the group's"),
  EXTERNAL_INIT_NOT_ALLOWED(
      207, "§12.2", "an ExternalInit outside an external Commit, or more or less than one in it"),
  GROUP_CONTEXT_EXTENSION_UNSUPPORTED(
      208,
      "§11.1, §12.1.7, §13.4",
      "a member does not support a GroupContext extension or required capability of the group"),
  COMMITTER_UPDATE_INCLUDED(209, "§12.2", "a Commit includes an Update from its committer"),
  COMMITTER_REMOVED(210, "§12.2", "a Commit includes a Remove of its committer"),
  LEAF_CHANGED_TWICE(211, "§12.2", "several Update or Remove proposals apply to the same leaf"),
  ADD_DUPLICATE(212, "§12.2", "several Adds in a Commit add the same client (signature key)"),
  ADD_ALREADY_MEMBER(
      213, "§12.2", "an Add adds a client that is a member (same signature key) and not removed"),
  PSK_DUPLICATE(214, "§12.2", "several PreSharedKey proposals name the same PreSharedKeyID"),
  GROUP_CONTEXT_EXTENSIONS_DUPLICATE(
      215, "§12.2", "a Commit includes more than one GroupContextExtensions proposal"),
  REINIT_NOT_ALONE(216, "§12.2", "a Commit includes a ReInit together with other proposals"),
  EXTENSION_TYPE_DUPLICATE(217, "§13.4", "an extension list holds two extensions of one type"),
  EXTERNAL_COMMIT_PROPOSAL_INVALID(
      218, "§12.2", "an external Commit holds a proposal other than ExternalInit, Remove or PSK"),
  PROPOSAL_TYPE_UNSUPPORTED(
      219,
      "§7.2, §12.2",
      "a member that stays in the group does not list a non-default proposal type in use"),
  SELF_REMOVE_BY_VALUE(
      220,
      "§12.4, draft-ietf-mls-extensions SelfRemove",
      "a Commit carries a SelfRemove by value: it is only sent by reference"),
  RESUMPTION_PSK_EPOCH_UNAVAILABLE(
      221,
      "§8.6",
      "a resumption PSK names an epoch of this group whose PSK was deleted or does not exist"),

  // --- 3xx: commits (RFC 9420 §12.4) ---
  COMMIT_PATH_MISSING(
      301, "§12.4", "a Commit without an UpdatePath is empty or has a path-required proposal"),
  CONFIRMATION_TAG_INVALID(
      302, "§6.1, §12.4.2, §12.4.3.1", "the confirmation tag does not match the new epoch"),
  COMMIT_FROM_SELF(
      303, "§12.4.2", "a Commit from this member's own leaf: merge its StagedCommit instead"),
  EXTERNAL_COMMIT_REFUSED(
      304, "§12.4.3.2", "the application's external-commit policy refused the joiner"),

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
  // 511 and 512 are retired: capabilities need not list the KeyPackage's own version and suite
  // (RFC 9420 §10.1 compares those with the GroupContext only).
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
  CREDENTIAL_REJECTED(528, "§5.3.1", "the Authentication Service rejected the identity"),

  // --- 6xx: Welcome, GroupInfo and joining (RFC 9420 §12.4.3) ---
  WELCOME_NOT_FOR_KEY_PACKAGE(
      601, "§12.4.3.1", "the Welcome holds no group secrets for this client's KeyPackage"),
  WELCOME_CIPHER_SUITE_MISMATCH(
      602,
      "§12.4.3.1",
      "the Welcome's or GroupInfo's cipher suite or version is not the KeyPackage's"),
  GROUP_SECRETS_UNDECRYPTABLE(
      603, "§12.4.3.1", "the GroupSecrets do not decrypt with the KeyPackage's init key"),
  GROUP_INFO_UNDECRYPTABLE(604, "§12.4.3.1", "the GroupInfo does not decrypt"),
  GROUP_INFO_SIGNATURE_INVALID(
      605, "§12.4.3", "the GroupInfo signer is blank or its signature does not verify"),
  RATCHET_TREE_MISSING(
      606, "§12.4.3.3", "no ratchet tree: neither a ratchet_tree extension nor a supplied one"),
  WELCOME_OWN_LEAF_MISSING(
      607, "§12.4.3.1", "no leaf of the tree is identical to the KeyPackage's leaf node"),
  EXTERNAL_PUB_INVALID(
      608, "§12.4.3.2", "the GroupInfo has no external_pub extension, or its key is invalid"),
  RESUMPTION_PSK_MISMATCH(
      609,
      "§11.2, §11.3",
      "a Welcome into a reinitialized or branched group lacks the reinit or branch resumption PSK"
          + " of the old group's epoch"),
  REINIT_PARAMETERS_MISMATCH(
      610,
      "§11.2",
      "the new group's group_id, version, cipher suite or extensions differ from the ReInit"),
  BRANCH_PARAMETERS_MISMATCH(
      611, "§11.3", "the subgroup's version or cipher suite differs from the old group's"),
  BRANCH_MEMBER_UNKNOWN(
      612, "§11.3", "a member of the subgroup matches no member of the old group"),
  WELCOME_CIPHER_SUITE_UNSUPPORTED(
      613, "§12.4.3.1", "the Welcome and its KeyPackage are of a cipher suite this client lacks");

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
