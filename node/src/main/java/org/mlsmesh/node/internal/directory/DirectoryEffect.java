package org.mlsmesh.node.internal.directory;

import java.util.Objects;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.protocol.codec.Bytes;

/** What a {@link KeyPackageDirectory} asks its shell to do. */
sealed interface DirectoryEffect {
  /** Broadcasts {@code message} on the directory topic. */
  record Publish(DirectoryMessage message) implements DirectoryEffect {
    public Publish {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Sends {@code message} to one peer. */
  record SendDirect(PeerId to, DirectoryMessage message) implements DirectoryEffect {
    public SendDirect {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  /** A fetch got a KeyPackage, which is now claimed for the caller. */
  record FetchSucceeded(long requestId, VerifiedAnnouncement keyPackage)
      implements DirectoryEffect {
    public FetchSucceeded {
      Objects.requireNonNull(keyPackage, "keyPackage");
    }
  }

  /** A fetch found no KeyPackage before its deadline. */
  record FetchFailed(long requestId, Bytes identity, String reason) implements DirectoryEffect {
    public FetchFailed {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The owner's pool is low: generate, store and announce {@code count} single-use KeyPackages. */
  record Replenish(int count) implements DirectoryEffect {}

  /** One of the owner's KeyPackages expired: delete it and its private keys from storage. */
  record DeleteOwn(Bytes ref) implements DirectoryEffect {
    public DeleteOwn {
      Objects.requireNonNull(ref, "ref");
    }
  }

  /** A KeyPackage is now known to be claimed: store it, so a restart does not forget it. */
  record RememberClaim(Bytes ref, Bytes identity, long untilMillis) implements DirectoryEffect {
    public RememberClaim {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(identity, "identity");
    }
  }
}
