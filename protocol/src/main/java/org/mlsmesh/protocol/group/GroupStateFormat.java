package org.mlsmesh.protocol.group;

import org.mlsmesh.protocol.codec.Bytes;

/**
 * The byte format of a saved {@link GroupState}, in the TLS presentation language of RFC 9420 §2.1
 * (vectors with variable-length headers; wire structs in their RFC encoding):
 *
 * <pre>
 * struct {
 *   opaque magic[4] = "MLSS";
 *   uint16 format_version = 1;
 *   uint16 cipher_suite;
 *   uint32 out_of_order_tolerance; uint32 maximum_forward_distance;     // GroupConfig
 *   uint32 past_epochs; uint32 resumption_psk_epochs;
 *   uint8 encrypt_handshake; uint8 check_received_lifetimes;
 *   uint8 incoming_handshake;  // HandshakeWireFormats: 1 public only, 2 private only, 3 both
 *   GroupContext group_context;                                         // RFC 9420 §8.1
 *   optional&lt;Node&gt; ratchet_tree&lt;V&gt;;                                       // §12.4.3.3
 *   opaque interim_transcript_hash&lt;V&gt;;
 *   opaque confirmation_tag&lt;V&gt;;
 *   optional&lt;ReInit&gt; reinit;                                            // committed ReInit
 *   opaque sender_data_secret&lt;V&gt;; opaque exporter_secret&lt;V&gt;;            // §8 epoch secrets,
 *   opaque external_secret&lt;V&gt;; opaque confirmation_key&lt;V&gt;;              // encryption_secret
 *   opaque membership_key&lt;V&gt;; opaque resumption_psk&lt;V&gt;;                // lives on in the
 *   opaque epoch_authenticator&lt;V&gt;; opaque init_secret&lt;V&gt;;              // secret tree
 *   uint32 own_leaf;
 *   opaque signature_private_key&lt;V&gt;; opaque signature_public_key&lt;V&gt;;
 *   NodePrivateKey tree_private_keys&lt;V&gt;;
 *   uint8 keys_handed_on;
 *   select (keys_handed_on) {
 *     case 0: SecretTreeState current; PastEpoch past_epochs&lt;V&gt;;  // newest first
 *     case 1: struct {};               // a merged successor owns them
 *   };
 *   ResumptionPsk resumption_psks&lt;V&gt;;
 *   PendingProposal pending_proposals&lt;V&gt;;                              // in arrival order
 *   OwnUpdateKey own_update_keys&lt;V&gt;;
 * } SavedGroupState;
 *
 * struct { uint32 node; opaque private_key&lt;V&gt;; } NodePrivateKey;
 * struct { GroupContext group_context; optional&lt;Node&gt; ratchet_tree&lt;V&gt;;
 *          SecretTreeState keys; } PastEpoch;
 * struct { uint32 leaf_count; opaque sender_data_secret&lt;V&gt;;
 *          NodeSecret node_secrets&lt;V&gt;; Ratchet ratchets&lt;V&gt;; } SecretTreeState;  // §9
 * struct { uint32 node; opaque secret&lt;V&gt;; } NodeSecret;                 // not yet split
 * struct { uint32 leaf; uint8 type;  // 0 handshake, 1 application
 *          uint64 head; optional&lt;opaque ratchet_secret&lt;V&gt;&gt;;
 *          SkippedKey skipped&lt;V&gt;; } Ratchet;                            // §9.1, §9.2
 * struct { uint32 generation; opaque key&lt;V&gt;; opaque nonce&lt;V&gt;; } SkippedKey;
 * struct { uint64 epoch; opaque psk&lt;V&gt;; } ResumptionPsk;               // §8.6
 * struct { opaque ref&lt;V&gt;; Sender sender; Proposal proposal; } PendingProposal;
 * struct { opaque encryption_key&lt;V&gt;; opaque private_key&lt;V&gt;; } OwnUpdateKey;
 * </pre>
 *
 * <p>A reader refuses a format version it does not know, newer ones included: a new version is
 * added when a field is added, and this library then reads both.
 */
final class GroupStateFormat {
  /** "MLSS": an MLS Mesh saved group state. */
  static final Bytes MAGIC = Bytes.fromHex("4d4c5353");

  static final int VERSION = 1;

  private GroupStateFormat() {}
}
