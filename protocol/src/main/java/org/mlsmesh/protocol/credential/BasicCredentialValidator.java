package org.mlsmesh.protocol.credential;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/**
 * Policies for basic credentials (RFC 9420 §5.3): a basic credential is a bare identity, so its
 * binding to a signature key can only come from the application, here a directory that maps each
 * identity to the signature key it must present. Refuses every other credential type.
 */
public final class BasicCredentialValidator implements CredentialValidator {
  /** The application's directory: the signature key an identity must use, or empty if unknown. */
  @FunctionalInterface
  public interface KeyDirectory {
    Optional<Bytes> signatureKeyOf(Bytes identity);
  }

  private final Policy policy;

  private BasicCredentialValidator(Policy policy) {
    this.policy = policy;
  }

  /**
   * Accepts every non-empty identity with any signature key. The binding of identity and key is not
   * checked at all: for tests and trust-on-first-use deployments only.
   */
  public static BasicCredentialValidator insecureAcceptingAnyIdentity() {
    return new BasicCredentialValidator((identity, key) -> {});
  }

  /** Accepts the listed identities, with any signature key (no key binding). */
  public static BasicCredentialValidator allowing(Set<Bytes> identities) {
    Set<Bytes> allowed = Set.copyOf(identities);
    return new BasicCredentialValidator(
        (identity, key) -> {
          if (!allowed.contains(identity)) {
            throw new ValidationException(ValidationCode.CREDENTIAL_REJECTED, "not allowed");
          }
        });
  }

  /** Accepts an identity only with the signature key the directory holds for it. */
  public static BasicCredentialValidator withKeyDirectory(KeyDirectory directory) {
    Objects.requireNonNull(directory, "directory");
    return new BasicCredentialValidator(
        (identity, key) -> {
          Bytes expected =
              directory
                  .signatureKeyOf(identity)
                  .orElseThrow(
                      () ->
                          new ValidationException(
                              ValidationCode.CREDENTIAL_REJECTED, "identity unknown"));
          if (!expected.equals(key)) {
            throw new ValidationException(
                ValidationCode.CREDENTIAL_KEY_MISMATCH, "not the directory's key");
          }
        });
  }

  @Override
  public void validate(CipherSuite suite, Credential credential, Bytes signatureKey, long nowMillis)
      throws ValidationException {
    if (!(credential instanceof BasicCredential)) {
      throw new ValidationException(
          ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED, credential.type() + " is not basic");
    }
    Bytes identity = ((BasicCredential) credential).identity();
    if (identity.isEmpty()) {
      throw new ValidationException(ValidationCode.CREDENTIAL_REJECTED, "empty identity");
    }
    policy.check(identity, signatureKey);
  }

  @Override
  public String toString() {
    return "BasicCredentialValidator";
  }

  @FunctionalInterface
  private interface Policy {
    void check(Bytes identity, Bytes signatureKey) throws ValidationException;
  }
}
