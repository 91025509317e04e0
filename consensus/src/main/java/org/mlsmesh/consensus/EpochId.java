package org.mlsmesh.consensus;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * An epoch identified by its content, not its number: a value derived from the epoch's secrets (for
 * example an MLS exporter output, RFC 9420 §8.5), so that two forks of the same epoch number have
 * different ids. Public: it travels in beacons and in the authenticated data of messages.
 */
public record EpochId(Bytes value) implements Comparable<EpochId> {
  public EpochId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty epoch id");
    }
  }

  public static EpochId of(Bytes value) {
    return new EpochId(value);
  }

  @Override
  public int compareTo(EpochId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "epoch " + Ids.shortHex(value);
  }
}
