package org.mlsmesh.protocol.credential;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationException;

/**
 * The application's Authentication Service hook (RFC 9420 §5.3.1): decides whether a credential is
 * acceptable and bound to the signature key it is presented with. Called for every credential the
 * library accepts from a peer (leaf nodes, key packages, external senders).
 */
@FunctionalInterface
public interface CredentialValidator {
  /**
   * Accepts silently, or throws a {@link ValidationException} saying why the credential is refused.
   *
   * @param suite the cipher suite of the group the credential is presented in
   * @param credential the credential to authenticate
   * @param signatureKey the signature public key the credential must be bound to
   * @param nowMillis the current time, for certificate validity checks
   */
  void validate(CipherSuite suite, Credential credential, Bytes signatureKey, long nowMillis)
      throws ValidationException;
}
