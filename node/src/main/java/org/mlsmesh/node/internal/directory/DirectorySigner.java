package org.mlsmesh.node.internal.directory;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;

/** Signs this node's announcements and tombstones with its gossip key (Ed25519, deterministic). */
final class DirectorySigner {
  private final SignatureKeyPair gossipKey;

  public DirectorySigner(SignatureKeyPair gossipKey) {
    this.gossipKey = Objects.requireNonNull(gossipKey, "gossipKey");
  }

  Bytes publicKey() {
    return gossipKey.publicKey();
  }

  DirectoryMessage.Announcement announce(Bytes keyPackage, long nowMillis) {
    DirectoryMessage.Announcement unsigned =
        new DirectoryMessage.Announcement(publicKey(), keyPackage, nowMillis, Bytes.EMPTY);
    return new DirectoryMessage.Announcement(
        publicKey(),
        keyPackage,
        nowMillis,
        sign(DirectoryRules.ANNOUNCEMENT_LABEL, unsigned.tbs()));
  }

  DirectoryMessage.Tombstone tombstone(Bytes identity, Bytes ref, long nowMillis) {
    DirectoryMessage.Tombstone unsigned =
        new DirectoryMessage.Tombstone(publicKey(), identity, ref, nowMillis, Bytes.EMPTY);
    return new DirectoryMessage.Tombstone(
        publicKey(),
        identity,
        ref,
        nowMillis,
        sign(DirectoryRules.TOMBSTONE_LABEL, unsigned.tbs()));
  }

  private Bytes sign(String label, Bytes content) {
    return CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto()
        .signWithLabel(gossipKey.privateKey(), label, content);
  }

  @Override
  public String toString() {
    return "DirectorySigner[" + gossipKey.publicKey() + "]";
  }
}
