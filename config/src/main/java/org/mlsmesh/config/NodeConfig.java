package org.mlsmesh.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a node (section {@code mlsmesh.node}, documented in {@code reference.conf}): where
 * its identity and storage live, where it listens, its pool of KeyPackages and the KeyPackage
 * directory. Seeds are gossip settings ({@code mlsmesh.gossip.seeds}).
 *
 * @param identityFile the long-term identity written by {@code mlsmesh keygen}
 * @param listenHost the address the gossip transport binds
 * @param listenPort the port it binds; 0 picks a free one
 * @param storage the durable store
 * @param keyPackages the pool of this node's own KeyPackages
 * @param directory the serverless KeyPackage directory
 * @param control the local control listener (control API, metrics, health, status page)
 */
public record NodeConfig(
    Path identityFile,
    String listenHost,
    int listenPort,
    Storage storage,
    KeyPackages keyPackages,
    Directory directory,
    ControlConfig control) {

  static final String SECTION = "mlsmesh.node";

  public NodeConfig {
    Objects.requireNonNull(identityFile, "identityFile");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(keyPackages, "keyPackages");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(control, "control");
    if (Objects.requireNonNull(listenHost, "listenHost").isBlank()) {
      throw new ConfigException(SECTION + ".listen.host", "must not be empty");
    }
    requireRange(SECTION + ".listen.port", listenPort, 0, 65_535);
  }

  /** Where the node keeps its state. */
  public enum StorageEngine {
    /** One SQLite file in WAL mode at {@code path}. */
    SQLITE,
    /** Memory only: everything is lost when the node stops (tests, throwaway nodes). */
    MEMORY
  }

  /**
   * @param engine sqlite or memory
   * @param path the SQLite file (ignored by the memory engine)
   */
  public record Storage(StorageEngine engine, Path path) {
    public Storage {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * The node's own KeyPackages (RFC 9420 §10, §16.8).
   *
   * @param poolSize how many single-use KeyPackages the node keeps published
   * @param replenishBelow the pool is refilled to poolSize when fewer unclaimed ones are left
   * @param lifetime the validity period written into each KeyPackage
   * @param lastResort whether the node also publishes one last-resort KeyPackage
   */
  public record KeyPackages(
      int poolSize, int replenishBelow, Duration lifetime, boolean lastResort) {
    public KeyPackages {
      requireRange(SECTION + ".key-packages.pool-size", poolSize, 1, 10_000);
      requireRange(SECTION + ".key-packages.replenish-below", replenishBelow, 0, poolSize);
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofMinutes(1)) < 0
          || lifetime.compareTo(Duration.ofDays(90)) > 0) {
        throw new ConfigException(
            SECTION + ".key-packages.lifetime",
            "must be between 1 minute and 90 days, got " + lifetime);
      }
    }
  }

  /**
   * The KeyPackage directory: announcements on a gossip topic, fetches answered by any holder.
   *
   * @param topic the gossip topic of announcements, tombstones and fetch requests
   * @param republishInterval how often the owner re-announces its unclaimed KeyPackages
   * @param fetchTimeout how long a fetch waits for an answer from the network
   * @param maxIdentities bound on the identities whose KeyPackages a node holds
   * @param maxPerIdentity bound on the KeyPackages held per identity
   * @param tombstoneTtl how long the ref of a claimed KeyPackage is remembered
   */
  public record Directory(
      String topic,
      Duration republishInterval,
      Duration fetchTimeout,
      int maxIdentities,
      int maxPerIdentity,
      Duration tombstoneTtl) {
    public Directory {
      if (Objects.requireNonNull(topic, "topic").isBlank() || topic.length() > 256) {
        throw new ConfigException(
            SECTION + ".directory.topic", "must be 1 to 256 characters, got " + Quoted.of(topic));
      }
      requirePositive(SECTION + ".directory.republish-interval", republishInterval);
      requirePositive(SECTION + ".directory.fetch-timeout", fetchTimeout);
      requireRange(SECTION + ".directory.max-identities", maxIdentities, 1, 10_000_000);
      requireRange(SECTION + ".directory.max-per-identity", maxPerIdentity, 1, 10_000);
      requirePositive(SECTION + ".directory.tombstone-ttl", tombstoneTtl);
    }
  }

  /** A copy whose relative paths are taken relative to {@code base} (the config file's folder). */
  public NodeConfig resolvedAgainst(Path base) {
    return new NodeConfig(
        base.resolve(identityFile),
        listenHost,
        listenPort,
        new Storage(storage.engine(), base.resolve(storage.path())),
        keyPackages,
        directory,
        control.resolvedAgainst(base));
  }

  /** A copy listening on another port (tests start several nodes on port 0). */
  public NodeConfig withListenPort(int port) {
    return new NodeConfig(identityFile, listenHost, port, storage, keyPackages, directory, control);
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void requirePositive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(key, "must be a positive duration, got " + value);
    }
  }
}
