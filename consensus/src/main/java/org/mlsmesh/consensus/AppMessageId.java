package org.mlsmesh.consensus;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The id an application message keeps across re-sends: chosen by the sender once, carried inside
 * the encrypted content, so that receivers deliver each message exactly once even when the sender
 * re-encrypts it on the winning branch of a fork.
 */
public record AppMessageId(Bytes value) implements Comparable<AppMessageId> {
  public AppMessageId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty application message id");
    }
  }

  public static AppMessageId of(Bytes value) {
    return new AppMessageId(value);
  }

  @Override
  public int compareTo(AppMessageId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "app " + Ids.shortHex(value);
  }
}
