package org.mlsmesh.protocol.group;

import java.util.Objects;
import java.util.Optional;
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
  private final Optional<MlsStorage> storage;

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
    this(config, credentials, keyPackages, psks, random, externalCommits, Optional.empty());
  }

  private GroupEnvironment(
      GroupConfig config,
      CredentialValidator credentials,
      KeyPackageValidator keyPackages,
      PskStore psks,
      EntropySource random,
      ExternalCommitPolicy externalCommits,
      Optional<MlsStorage> storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
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

  /**
   * Where the states of this environment keep themselves and where joining finds KeyPackage private
   * keys; empty when the application saves and loads states itself.
   */
  public Optional<MlsStorage> storage() {
    return storage;
  }

  public GroupEnvironment withConfig(GroupConfig value) {
    return new GroupEnvironment(
        value, credentials, keyPackages, psks, random, externalCommits, storage);
  }

  public GroupEnvironment withPsks(PskStore value) {
    return new GroupEnvironment(
        config, credentials, keyPackages, value, random, externalCommits, storage);
  }

  public GroupEnvironment withKeyPackageValidator(KeyPackageValidator value) {
    return new GroupEnvironment(config, credentials, value, psks, random, externalCommits, storage);
  }

  public GroupEnvironment withExternalCommitPolicy(ExternalCommitPolicy value) {
    return new GroupEnvironment(config, credentials, keyPackages, psks, random, value, storage);
  }

  /**
   * This environment with {@code value} as its storage: every group state created, joined, loaded
   * from it or merged in this environment writes itself there after each change (see {@link
   * MlsStorage}), and {@link GroupState#stageWelcome stageWelcome} without a KeyPackage finds the
   * KeyPackage a Welcome was sent to.
   */
  public GroupEnvironment withStorage(MlsStorage value) {
    return new GroupEnvironment(
        config,
        credentials,
        keyPackages,
        psks,
        random,
        externalCommits,
        Optional.of(Objects.requireNonNull(value, "storage")));
  }

  @Override
  public String toString() {
    return "GroupEnvironment[" + config + "]";
  }
}
