package org.mlsmesh.consensus;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What the local member meant by a Commit or proposal ("add Carol", "remove leaf 3", "update my
 * leaf"), encoded by the node and opaque to the fork choice. When that Commit or proposal lands on
 * a losing branch, the fork choice hands the intent back so that the node builds it again on the
 * winning branch; the node decides whether the winner already did what the intent wanted.
 */
public record Intent(Bytes value) {
  public Intent {
    Objects.requireNonNull(value, "value");
  }

  public static Intent of(Bytes value) {
    return new Intent(value);
  }
}
