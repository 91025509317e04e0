package org.mlsmesh.protocol.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * The structure of one epoch (RFC 9420 §8): GroupContext, public ratchet tree, interim transcript
 * hash, the confirmation tag that confirmed it, and the epoch secrets. Immutable and shared by
 * every state (and fork) that descends from it; the mutable secret tree is not part of it (see
 * {@link EpochKeys}).
 */
final class Epoch {
  final CipherSuite suite;
  final GroupContext context;
  final RatchetTree tree;
  final Bytes interimTranscriptHash;
  final Bytes confirmationTag;
  final EpochSecrets secrets;

  /** The ReInit the Commit into this epoch carried: the group may no longer send (§12.4.2). */
  final Optional<ReInit> reInit;

  Epoch(
      GroupContext context,
      RatchetTree tree,
      Bytes interimTranscriptHash,
      Bytes confirmationTag,
      EpochSecrets secrets) {
    this(context, tree, interimTranscriptHash, confirmationTag, secrets, Optional.empty());
  }

  Epoch(
      GroupContext context,
      RatchetTree tree,
      Bytes interimTranscriptHash,
      Bytes confirmationTag,
      EpochSecrets secrets,
      Optional<ReInit> reInit) {
    this.suite = tree.suite();
    this.context = Objects.requireNonNull(context, "context");
    this.tree = tree;
    this.interimTranscriptHash = Objects.requireNonNull(interimTranscriptHash, "interim");
    this.confirmationTag = Objects.requireNonNull(confirmationTag, "confirmationTag");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.reInit = Objects.requireNonNull(reInit, "reInit");
    if (secrets.suite() != suite || context.cipherSuite() != suite.id()) {
      throw new IllegalArgumentException("epoch parts of different cipher suites");
    }
  }

  CryptoProvider crypto() {
    return suite.crypto();
  }

  long number() {
    return context.epoch();
  }

  Bytes groupId() {
    return context.groupId();
  }

  @Override
  public String toString() {
    return "Epoch[" + context.epoch() + ", " + tree + "]";
  }
}
