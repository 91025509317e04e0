package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.protocol.crypto.AeadTest.assertRejected;

import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * EncryptWithLabel to many recipients with one context gives the ciphertexts of one call each (the
 * same ephemeral keys drawn in the same order), which the recipients decrypt.
 */
class EncryptWithLabelToManyTest {
  @AllSuites
  void sameAsOneCallEach(CipherSuite suite) throws CryptoException {
    CryptoProvider crypto = suite.crypto();
    SeededEntropySource keys = new SeededEntropySource(1);
    List<HpkeKeyPair> recipients = new ArrayList<>();
    List<Bytes> publicKeys = new ArrayList<>();
    List<Bytes> plaintexts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HpkeKeyPair pair = crypto.generateKeyPair(keys);
      recipients.add(pair);
      publicKeys.add(pair.publicKey());
      plaintexts.add(Bytes.wrap(keys.randomBytes(40 + i)));
    }
    Bytes context = Bytes.wrap(keys.randomBytes(70_000));

    List<HpkeCiphertext> batch =
        crypto.encryptWithLabel(
            publicKeys, "Welcome", context, plaintexts, new SeededEntropySource(2));
    SeededEntropySource random = new SeededEntropySource(2);
    for (int i = 0; i < recipients.size(); i++) {
      HpkeCiphertext single =
          crypto.encryptWithLabel(publicKeys.get(i), "Welcome", context, plaintexts.get(i), random);
      assertThat(batch.get(i)).isEqualTo(single);
      assertThat(
              crypto.decryptWithLabel(
                  recipients.get(i).privateKey(), "Welcome", context, batch.get(i)))
          .isEqualTo(plaintexts.get(i));
    }
  }

  @AllSuites
  void invalidPublicKeyIsRejected(CipherSuite suite) {
    CryptoProvider crypto = suite.crypto();
    Bytes zero = Bytes.wrap(new byte[suite.kem().publicKeyLength]);
    Bytes shortKey = Bytes.wrap(new byte[5]);
    for (Bytes key : List.of(zero, shortKey)) {
      assertRejected(
          () ->
              crypto.encryptWithLabel(
                  List.of(key),
                  "Welcome",
                  Bytes.EMPTY,
                  List.of(Bytes.EMPTY),
                  new SeededEntropySource(3)));
    }
  }
}
