package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;

/**
 * What a group state needs from its surroundings: the configuration, the application's
 * Authentication Service (credential and KeyPackage validation), the PSKs it holds, and the one
 * source of randomness. Shared by every state of a group; carried along when a Commit is merged.
 */
public final class GroupEnvironment {
  private final GroupConfig config;
  private final CredentialValidator credentials;
  private final KeyPackageValidator keyPackages;
  private final PskStore psks;
  private final EntropySource random;

  public GroupEnvironment(
      GroupConfig config,
      CredentialValidator credentials,
      KeyPackageValidator keyPackages,
      PskStore psks,
      EntropySource random) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.keyPackages = Objects.requireNonNull(keyPackages, "keyPackages");
    this.psks = Objects.requireNonNull(psks, "psks");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * The default configuration, KeyPackages judged with {@code credentials} and the default lifetime
   * policy, and no PSKs.
   */
  public static GroupEnvironment of(CredentialValidator credentials, EntropySource random) {
    return new GroupEnvironment(
        GroupConfig.DEFAULT,
        credentials,
        new KeyPackageValidator(credentials, LifetimePolicy.DEFAULT),
        PskStore.none(),
        random);
  }

  public GroupConfig config() {
    return config;
  }

  public CredentialValidator credentials() {
    return credentials;
  }

  public KeyPackageValidator keyPackages() {
    return keyPackages;
  }

  public PskStore psks() {
    return psks;
  }

  public EntropySource random() {
    return random;
  }

  public GroupEnvironment withConfig(GroupConfig value) {
    return new GroupEnvironment(value, credentials, keyPackages, psks, random);
  }

  public GroupEnvironment withPsks(PskStore value) {
    return new GroupEnvironment(config, credentials, keyPackages, value, random);
  }

  public GroupEnvironment withKeyPackageValidator(KeyPackageValidator value) {
    return new GroupEnvironment(config, credentials, value, psks, random);
  }

  @Override
  public String toString() {
    return "GroupEnvironment[" + config + "]";
  }
}
