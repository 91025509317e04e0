package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.OpenedWelcome;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Welcome;

/**
 * The {@code welcome} vectors (RFC 9420 §12.4.3.1) carry no ratchet tree, so the join goes as far
 * as the vector allows: find and decrypt this KeyPackage's group secrets with {@code init_priv},
 * decrypt the GroupInfo, verify its signature with {@code signer_pub}, and check its confirmation
 * tag with the epoch secrets derived from the joiner secret.
 */
public final class WelcomeCheck implements VectorCheck {
  @Override
  public String kind() {
    return "welcome";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    KeyPackage keyPackage = GroupVectors.keyPackage(vector, "key_package");
    Welcome welcome = GroupVectors.welcome(vector, "welcome");
    VectorCase.expectEqual("welcome cipher_suite", suite.id(), welcome.cipherSuite());
    Secret initPrivateKey = GroupVectors.hpkePrivateKey(vector, "init_priv", suite);
    OpenedWelcome opened;
    try {
      opened = OpenedWelcome.open(welcome, keyPackage, initPrivateKey, PskStore.none());
    } catch (DecodeException | ValidationException e) {
      throw new VectorMismatch("welcome does not open with init_priv", e);
    } finally {
      initPrivateKey.destroy();
    }
    try {
      opened.verifySignature(vector.hex("signer_pub"));
      opened.epochSecrets().destroy();
    } catch (ValidationException e) {
      throw new VectorMismatch("welcome GroupInfo (signer_pub, confirmation tag)", e);
    } finally {
      opened.destroy();
    }
  }
}
