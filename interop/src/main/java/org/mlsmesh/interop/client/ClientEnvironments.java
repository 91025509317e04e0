package org.mlsmesh.interop.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.PreSharedKeyId;

/**
 * The group environment of an interop client. The test runner is the Authentication Service here:
 * any basic credential is accepted, and so is any KeyPackage lifetime (other implementations write
 * {@code not_after = 2^64 - 1} for "no expiry"; RFC 9420 §7.2 leaves the maximum to the
 * application). External PSKs come from the session's live map, filled by StorePSK.
 */
final class ClientEnvironments {
  /** Resumption PSKs the scripts name go back a few epochs (commit.json resumption_psk). */
  private static final int RESUMPTION_EPOCHS = 16;

  private ClientEnvironments() {}

  static GroupEnvironment of(
      boolean encryptHandshake, Map<Bytes, Secret> externalPsks, EntropySource random) {
    CredentialValidator anyIdentity = BasicCredentialValidator.insecureAcceptingAnyIdentity();
    GroupConfig config =
        GroupConfig.DEFAULT
            .withEncryptHandshake(encryptHandshake)
            .withResumptionPskEpochs(RESUMPTION_EPOCHS);
    PskStore psks =
        id ->
            id.type() == PreSharedKeyId.PskType.EXTERNAL
                ? Optional.ofNullable(externalPsks.get(id.pskId()))
                : Optional.empty();
    return new GroupEnvironment(
        config,
        anyIdentity,
        new KeyPackageValidator(
            anyIdentity, LifetimePolicy.anyTotalLifetime(Duration.ofMinutes(5))),
        psks,
        random);
  }
}
