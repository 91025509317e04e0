package org.mlsmesh.protocol.credential;

import java.util.EnumMap;
import java.util.Map;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/** Combinators for {@link CredentialValidator}s. */
public final class CredentialValidators {
  private CredentialValidators() {}

  /**
   * Dispatches on the credential type; a type without a validator is refused with {@link
   * ValidationCode#CREDENTIAL_TYPE_UNSUPPORTED}.
   */
  public static CredentialValidator byType(Map<CredentialType, CredentialValidator> validators) {
    Map<CredentialType, CredentialValidator> byType = new EnumMap<>(CredentialType.class);
    byType.putAll(validators);
    return (suite, credential, signatureKey, nowMillis) -> {
      CredentialValidator validator = byType.get(credential.type());
      if (validator == null) {
        throw new ValidationException(
            ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED, credential.type() + " not accepted");
      }
      validator.validate(suite, credential, signatureKey, nowMillis);
    };
  }
}
