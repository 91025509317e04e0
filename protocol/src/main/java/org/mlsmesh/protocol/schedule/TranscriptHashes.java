package org.mlsmesh.protocol.schedule;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CryptoProvider;

/**
 * The transcript hashes (RFC 9420 §8.2), over encoded inputs:
 *
 * <pre>
 * confirmed_transcript_hash_[n] = Hash(interim_transcript_hash_[n-1] || ConfirmedTranscriptHashInput_[n])
 * interim_transcript_hash_[n]   = Hash(confirmed_transcript_hash_[n] || InterimTranscriptHashInput_[n])
 * </pre>
 *
 * Both start as the empty string in epoch 0.
 */
public final class TranscriptHashes {
  private TranscriptHashes() {}

  /**
   * The confirmed transcript hash after a Commit, from the encoded {@code
   * ConfirmedTranscriptHashInput { WireFormat wire_format; FramedContent content; opaque
   * signature<V>; }}.
   */
  public static Bytes confirmed(
      CryptoProvider crypto, Bytes interimBefore, Bytes confirmedTranscriptHashInput) {
    return crypto.hash(Bytes.concat(interimBefore, confirmedTranscriptHashInput));
  }

  /**
   * The confirmed transcript hash after a Commit, from its parts: the wire format code point, the
   * encoded FramedContent, and the signature.
   */
  public static Bytes confirmed(
      CryptoProvider crypto,
      Bytes interimBefore,
      int wireFormat,
      Bytes framedContent,
      Bytes signature) {
    return confirmed(crypto, interimBefore, confirmedInput(wireFormat, framedContent, signature));
  }

  /** The encoded ConfirmedTranscriptHashInput. */
  public static Bytes confirmedInput(int wireFormat, Bytes framedContent, Bytes signature) {
    return new TlsWriter().u16(wireFormat).bytes(framedContent).vlBytes(signature).toBytes();
  }

  /**
   * The interim transcript hash, from the confirmed one and the Commit's (or the GroupInfo's)
   * confirmation tag: {@code InterimTranscriptHashInput { MAC confirmation_tag; }}.
   */
  public static Bytes interim(CryptoProvider crypto, Bytes confirmed, Bytes confirmationTag) {
    return crypto.hash(Bytes.concat(confirmed, new TlsWriter().vlBytes(confirmationTag).toBytes()));
  }
}
