package org.mlsmesh.interop;

import java.util.List;
import org.mlsmesh.interop.runner.PeerDefect;

/**
 * The defects of ts-mls 1.6.4 this runner meets. A failure is attributed to one only on evidence:
 * ts-mls's own error names the cause, or ts-mls's messages in that suite were decoded here and
 * break the rule. Every other failure of a case with ts-mls stays an unexplained failure.
 */
public final class TsMlsDefects {
  private static final String PEER = "ts-mls";

  /**
   * RFC 9420 §5.1.1: an ECDSA signature public key is the uncompressed point; ts-mls writes the
   * compressed one (suites 2, 5, 7), which this implementation refuses, so signatures over it do
   * not verify here.
   */
  public static final PeerDefect COMPRESSED_ECDSA_KEYS =
      new PeerDefect(
          PEER,
          "ts-mls writes compressed ECDSA signature keys (RFC 9420 §5.1.1: uncompressed point)",
          f -> f.evidence().contains("compressed-ecdsa-key") && f.text().contains("signature"));

  /**
   * RFC 9420 §7.9.2: only the parent nodes below the one whose path added a leaf list it as
   * unmerged; ts-mls requires the whole direct path to list it, refusing valid trees.
   */
  public static final PeerDefect UNMERGED_LEAVES =
      new PeerDefect(
          PEER,
          "ts-mls requires unmerged_leaves along the whole direct path (RFC 9420 §7.9.2)",
          f -> raisedByPeer(f.text()) && f.text().contains("unmerged_leaves"));

  /**
   * RFC 9420 §12.1.8.1: the external_senders extension is a list, {@code ExternalSender
   * external_senders<V>}, indexed by sender_index; ts-mls reads it as a single ExternalSender (and
   * indexes senders by extension), so it refuses the list form, even an empty one.
   */
  public static final PeerDefect EXTERNAL_SENDERS_AS_ONE =
      new PeerDefect(
          PEER,
          "ts-mls reads external_senders as one ExternalSender, not a list (RFC 9420 §12.1.8.1)",
          f ->
              raisedByPeer(f.text())
                  && (f.text().contains("external_sender") || f.text().contains("ExternalSender")));

  /**
   * RFC 9420 §12.4.3.2: external_pub holds an HPKEPublicKey, {@code opaque <V>} with its length;
   * ts-mls writes and reads the bare key, so external joins fail both ways.
   */
  public static final PeerDefect BARE_EXTERNAL_PUB =
      new PeerDefect(
          PEER,
          "ts-mls writes and reads external_pub as a bare key without its length (RFC 9420"
              + " §12.4.3.2)",
          f -> f.evidence().contains("bare-external-pub") && f.text().contains("externalJoin"));

  public static final List<PeerDefect> ALL =
      List.of(COMPRESSED_ECDSA_KEYS, UNMERGED_LEAVES, EXTERNAL_SENDERS_AS_ONE, BARE_EXTERNAL_PUB);

  private TsMlsDefects() {}

  /** The failing call was answered by ts-mls. */
  private static boolean raisedByPeer(String text) {
    return text.contains(": " + PEER);
  }
}
