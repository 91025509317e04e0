package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;

/**
 * What a group state needs from its surroundings: the configuration, the application's
 * Authentication Service (credential and KeyPackage validation, approval of external joiners), the
 * PSKs it holds, and the one source of randomness. Shared by every state of a group; carried along
 * when a Commit is merged.
 */
public final class GroupEnvironment {
  private final GroupConfig config;
  private final CredentialValidator credentials;
  private final KeyPackageValidator keyPackages;
  private final PskStore psks;
  private final EntropySource random;
  private final ExternalCommitPolicy externalCommits;

  /** An environment that accepts every external joiner. */
  public GroupEnvironment(
      GroupConfig config,
      CredentialValidator credentials,
      KeyPackageValidator keyPackages,
      PskStore psks,
      EntropySource random) {
    this(config, credentials, keyPackages, psks, random, ExternalCommitPolicy.acceptAll());
  }

  public GroupEnvironment(
      GroupConfig config,
      CredentialValidator credentials,
      KeyPackageValidator keyPackages,
      PskStore psks,
      EntropySource random,
      ExternalCommitPolicy externalCommits) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.keyPackages = Objects.requireNonNull(keyPackages, "keyPackages");
    this.psks = Objects.requireNonNull(psks, "psks");
    this.random = Objects.requireNonNull(random, "random");
    this.externalCommits = Objects.requireNonNull(externalCommits, "externalCommits");
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

  /** Decides which external joiners the group accepts. */
  public ExternalCommitPolicy externalCommits() {
    return externalCommits;
  }

  public GroupEnvironment withConfig(GroupConfig value) {
    return new GroupEnvironment(value, credentials, keyPackages, psks, random, externalCommits);
  }

  public GroupEnvironment withPsks(PskStore value) {
    return new GroupEnvironment(config, credentials, keyPackages, value, random, externalCommits);
  }

  public GroupEnvironment withKeyPackageValidator(KeyPackageValidator value) {
    return new GroupEnvironment(config, credentials, value, psks, random, externalCommits);
  }

  public GroupEnvironment withExternalCommitPolicy(ExternalCommitPolicy value) {
    return new GroupEnvironment(config, credentials, keyPackages, psks, random, value);
  }

  @Override
  public String toString() {
    return "GroupEnvironment[" + config + "]";
  }
}
