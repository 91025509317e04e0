package org.mlsmesh.protocol.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;

/** Policies for basic credentials and the by-type dispatcher. */
class BasicCredentialValidatorTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final Bytes ALICE = utf8("alice");
  private static final Bytes ALICE_KEY = Bytes.fromHex("aa".repeat(32));
  private static final Bytes OTHER_KEY = Bytes.fromHex("bb".repeat(32));

  private static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRejected(ThrowingCallable call, ValidationCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static BasicCredential basic(Bytes identity) {
    return new BasicCredential(identity);
  }

  @Test
  @Covers(ValidationCode.CREDENTIAL_REJECTED)
  void rejectsEmptyAndUnknownIdentities() throws ValidationException {
    BasicCredentialValidator any = BasicCredentialValidator.insecureAcceptingAnyIdentity();
    any.validate(SUITE, basic(ALICE), OTHER_KEY, 0);
    assertRejected(
        () -> any.validate(SUITE, basic(Bytes.EMPTY), ALICE_KEY, 0),
        ValidationCode.CREDENTIAL_REJECTED);

    BasicCredentialValidator allowList = BasicCredentialValidator.allowing(Set.of(ALICE));
    allowList.validate(SUITE, basic(ALICE), ALICE_KEY, 0);
    assertRejected(
        () -> allowList.validate(SUITE, basic(utf8("bob")), ALICE_KEY, 0),
        ValidationCode.CREDENTIAL_REJECTED);

    BasicCredentialValidator directory =
        BasicCredentialValidator.withKeyDirectory(
            identity -> identity.equals(ALICE) ? Optional.of(ALICE_KEY) : Optional.empty());
    directory.validate(SUITE, basic(ALICE), ALICE_KEY, 0);
    assertRejected(
        () -> directory.validate(SUITE, basic(utf8("bob")), ALICE_KEY, 0),
        ValidationCode.CREDENTIAL_REJECTED);
  }

  @Test
  @Covers(ValidationCode.CREDENTIAL_KEY_MISMATCH)
  void directoryBindsIdentityToKey() {
    BasicCredentialValidator directory =
        BasicCredentialValidator.withKeyDirectory(identity -> Optional.of(ALICE_KEY));
    assertRejected(
        () -> directory.validate(SUITE, basic(ALICE), OTHER_KEY, 0),
        ValidationCode.CREDENTIAL_KEY_MISMATCH);
  }

  @Test
  @Covers(ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED)
  void refusesOtherCredentialTypes() throws ValidationException {
    X509Credential x509 = new X509Credential(List.of(Bytes.fromHex("30")));
    assertRejected(
        () ->
            BasicCredentialValidator.insecureAcceptingAnyIdentity()
                .validate(SUITE, x509, ALICE_KEY, 0),
        ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED);

    CredentialValidator basicOnly =
        CredentialValidators.byType(
            Map.of(CredentialType.BASIC, BasicCredentialValidator.allowing(Set.of(ALICE))));
    basicOnly.validate(SUITE, basic(ALICE), ALICE_KEY, 0);
    assertRejected(
        () -> basicOnly.validate(SUITE, x509, ALICE_KEY, 0),
        ValidationCode.CREDENTIAL_TYPE_UNSUPPORTED);
    assertRejected(
        () -> basicOnly.validate(SUITE, basic(utf8("eve")), ALICE_KEY, 0),
        ValidationCode.CREDENTIAL_REJECTED);
  }
}
