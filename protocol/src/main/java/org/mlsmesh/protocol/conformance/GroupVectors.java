package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Welcome;

/** Helpers shared by the welcome and passive-client vector checks. */
final class GroupVectors {
  private GroupVectors() {}

  /**
   * An HPKE private key of the suite's KEM from a vector, left-padded with zeros to Nsk: some
   * vectors write P-521 scalars without their leading zero byte.
   */
  static Secret hpkePrivateKey(VectorCase vector, String field, CipherSuite suite)
      throws VectorMismatch {
    return Secret.wrap(leftPad(vector.hex(field), suite.kem().privateKeyLength).toByteArray());
  }

  /** A signature private key from a vector, ECDSA scalars left-padded like HPKE ones. */
  static Secret signaturePrivateKey(VectorCase vector, String field, CipherSuite suite)
      throws VectorMismatch {
    Bytes key = vector.hex(field);
    int length =
        switch (suite.signatureScheme()) {
          case ECDSA_SECP256R1_SHA256 -> 32;
          case ECDSA_SECP384R1_SHA384 -> 48;
          case ECDSA_SECP521R1_SHA512 -> 66;
          case ED25519, ED448 -> key.length();
        };
    return Secret.wrap(leftPad(key, length).toByteArray());
  }

  private static Bytes leftPad(Bytes value, int length) {
    if (value.length() >= length) {
      return value;
    }
    return Bytes.concat(Bytes.wrap(new byte[length - value.length()]), value);
  }

  static MlsMessage message(VectorCase vector, String field) throws VectorMismatch {
    return message(vector.hex(field), field);
  }

  static MlsMessage message(Bytes encoded, String field) throws VectorMismatch {
    try {
      return TlsReader.decodeAll(encoded, MlsMessage::decode);
    } catch (DecodeException e) {
      throw new VectorMismatch(field + " is not an MLSMessage", e);
    }
  }

  static KeyPackage keyPackage(VectorCase vector, String field) throws VectorMismatch {
    return message(vector, field)
        .keyPackage()
        .orElseThrow(() -> new VectorMismatch(field + " is not an mls_key_package MLSMessage"));
  }

  static Welcome welcome(VectorCase vector, String field) throws VectorMismatch {
    return message(vector, field)
        .welcome()
        .orElseThrow(() -> new VectorMismatch(field + " is not an mls_welcome MLSMessage"));
  }
}
