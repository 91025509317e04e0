package org.mlsmesh.consensus.group;

import java.util.Objects;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * What a local Commit meant, encoded as the fork choice's opaque {@link Intent}, so that a Commit
 * that lost a race is rebuilt on the winner:
 *
 * <pre>
 * struct { uint8 kind; opaque argument&lt;V&gt;; } GroupIntent;
 * </pre>
 *
 * For {@link Kind#ADD} the argument is the invitee's KeyPackage, for {@link Kind#REMOVE} the
 * identity to remove, for {@link Kind#COMMIT_PENDING} and {@link Kind#UPDATE} (an empty Commit with
 * a path) and {@link Kind#LEAVE} empty.
 */
record GroupIntent(Kind kind, Bytes argument) {
  enum Kind {
    ADD,
    REMOVE,
    COMMIT_PENDING,
    UPDATE,
    /** The own removal, proposed (a SelfRemove): others commit it. */
    LEAVE
  }

  static GroupIntent leave() {
    return new GroupIntent(Kind.LEAVE, Bytes.EMPTY);
  }

  GroupIntent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(argument, "argument");
  }

  Intent toIntent() {
    return Intent.of(new TlsWriter().u8(kind.ordinal() + 1).vlBytes(argument).toBytes());
  }

  static GroupIntent of(Intent intent) throws DecodeException {
    return TlsReader.decodeAll(
        intent.value(),
        r -> {
          int kind = r.u8();
          if (kind < 1 || kind > Kind.values().length) {
            throw r.error("intent kind " + kind);
          }
          return new GroupIntent(Kind.values()[kind - 1], r.vlBytes());
        });
  }
}
