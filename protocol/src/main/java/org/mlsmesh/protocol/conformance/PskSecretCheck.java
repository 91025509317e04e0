package org.mlsmesh.protocol.conformance;

import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.schedule.PskSecret;

/** The {@code psk_secret} vectors: external PSKs folded into {@code psk_secret} (RFC 9420 §8.4). */
public final class PskSecretCheck implements VectorCheck {
  @Override
  public String kind() {
    return "psk_secret";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CryptoProvider crypto = vector.cipherSuite().crypto();
    List<PskSecret.Input> inputs = new ArrayList<>();
    for (VectorCase psk : vector.objects("psks")) {
      PreSharedKeyId id = PreSharedKeyId.external(psk.hex("psk_id"), psk.hex("psk_nonce"));
      inputs.add(new PskSecret.Input(id, Secret.of(psk.hex("psk"))));
    }
    Secret pskSecret = PskSecret.compute(crypto, inputs);
    try {
      VectorCase.expectEqual("psk_secret", vector.hex("psk_secret"), pskSecret.insecureAsBytes());
    } finally {
      pskSecret.destroy();
      inputs.forEach(input -> input.psk().destroy());
    }
  }
}
