package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;

/**
 * Signatures of a peer's long-term key over its root terms ({@link RootedTree}): a peer becomes the
 * root of the broadcast tree only under a term it signed, so no peer can claim another's id, or an
 * id no one holds the key of, as the root. The engine calls these synchronously; a signature must
 * carry what proves the key (the key itself, whose SHA-256 is the signer's peer id).
 */
public interface RootSignatures {
  /** This node's signature over {@code message}. */
  ByteString sign(ByteString message);

  /** Whether {@code signature} is {@code signer}'s over {@code message}. */
  boolean verify(PeerId signer, ByteString message, ByteString signature);

  /**
   * Signatures that anyone can make for any id (a hash of the signer's id and the message): for
   * simulations and tests, whose peers have no keys. Never for a real network.
   */
  static RootSignatures insecure(PeerId self) {
    return new RootSignatures() {
      @Override
      public ByteString sign(ByteString message) {
        return insecureSignature(self, message);
      }

      @Override
      public boolean verify(PeerId signer, ByteString message, ByteString signature) {
        return insecureSignature(signer, message).equals(signature);
      }
    };
  }

  private static ByteString insecureSignature(PeerId signer, ByteString message) {
    return ByteString.copyFrom(
        Sha256Id.sha256(
            ByteString.copyFromUtf8("mlsmesh insecure root signature")
                .concat(signer.toByteString())
                .concat(message)));
  }
}
