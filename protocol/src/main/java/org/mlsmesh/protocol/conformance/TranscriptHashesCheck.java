package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.schedule.TranscriptHashes;

/**
 * The {@code transcript-hashes} vectors (RFC 9420 §8.2): the confirmation tag of a commit verifies
 * over the new confirmed transcript hash, and both transcript hashes match.
 */
public final class TranscriptHashesCheck implements VectorCheck {
  @Override
  public String kind() {
    return "transcript-hashes";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CryptoProvider crypto = vector.cipherSuite().crypto();
    AuthenticatedContent commit;
    try {
      commit =
          TlsReader.decodeAll(vector.hex("authenticated_content"), AuthenticatedContent::decode);
    } catch (DecodeException e) {
      throw new VectorMismatch("authenticated_content does not decode", e);
    }
    Bytes confirmationTag =
        commit
            .auth()
            .confirmationTag()
            .orElseThrow(() -> new VectorMismatch("authenticated_content is not a commit"));

    Bytes confirmed =
        TranscriptHashes.confirmed(
            crypto,
            vector.hex("interim_transcript_hash_before"),
            commit.wireFormat().code,
            commit.content().encoded(),
            commit.auth().signature());
    VectorCase.expectEqual(
        "confirmed_transcript_hash_after",
        vector.hex("confirmed_transcript_hash_after"),
        confirmed);

    Secret confirmationKey = Secret.of(vector.hex("confirmation_key"));
    try {
      VectorCase.expectEqual(
          "confirmation_tag", confirmationTag, crypto.mac(confirmationKey, confirmed));
    } finally {
      confirmationKey.destroy();
    }

    VectorCase.expectEqual(
        "interim_transcript_hash_after",
        vector.hex("interim_transcript_hash_after"),
        TranscriptHashes.interim(crypto, confirmed, confirmationTag));
  }
}
