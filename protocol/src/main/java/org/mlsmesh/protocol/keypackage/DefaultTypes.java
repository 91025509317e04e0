package org.mlsmesh.protocol.keypackage;

/**
 * RFC 9420 §7.2: the proposal and extension types every client supports; capabilities must not list
 * them.
 */
final class DefaultTypes {
  private DefaultTypes() {}

  /** application_id, ratchet_tree, required_capabilities, external_pub, external_senders. */
  static boolean isDefaultExtension(int type) {
    return type >= 0x0001 && type <= 0x0005;
  }

  /** add, update, remove, psk, reinit, external_init, group_context_extensions. */
  static boolean isDefaultProposal(int type) {
    return type >= 0x0001 && type <= 0x0007;
  }
}
