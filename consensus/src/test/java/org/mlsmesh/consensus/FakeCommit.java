package org.mlsmesh.consensus;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A fake Commit: the parent epoch, the committer, removed leaves, the number of added members, a
 * nonce (to re-roll the hash), proposal refs and a flag that makes it invalid.
 */
record FakeCommit(
    Bytes parent,
    long committer,
    List<Long> removes,
    int adds,
    long nonce,
    boolean invalid,
    List<Bytes> proposalRefs) {

  static FakeCommit update(FakeState parent, long committer) {
    return new FakeCommit(parent.epochId, committer, List.of(), 0, 0, false, List.of());
  }

  FakeCommit withNonce(long value) {
    return new FakeCommit(parent, committer, removes, adds, value, invalid, proposalRefs);
  }

  FakeCommit withAdds(int value) {
    return new FakeCommit(parent, committer, removes, value, nonce, invalid, proposalRefs);
  }

  FakeCommit withRemoves(Long... leaves) {
    return new FakeCommit(parent, committer, List.of(leaves), adds, nonce, invalid, proposalRefs);
  }

  FakeCommit asInvalid() {
    return new FakeCommit(parent, committer, removes, adds, nonce, true, proposalRefs);
  }

  FakeCommit withProposals(Bytes... refs) {
    return new FakeCommit(parent, committer, removes, adds, nonce, invalid, List.of(refs));
  }

  Bytes wire() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(parent.length());
      out.write(parent.toByteArray());
      out.writeLong(committer);
      out.writeInt(removes.size());
      for (long r : removes) {
        out.writeLong(r);
      }
      out.writeInt(adds);
      out.writeLong(nonce);
      out.writeBoolean(invalid);
      out.writeInt(proposalRefs.size());
      for (Bytes ref : proposalRefs) {
        out.writeInt(ref.length());
        out.write(ref.toByteArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Bytes.wrap(bytes.toByteArray());
  }

  CommitId id() {
    return CommitId.of(sha256(wire()));
  }

  EpochId parentEpoch() {
    return EpochId.of(parent);
  }

  Input.CommitReceived received() {
    return new Input.CommitReceived(id(), parentEpoch(), wire());
  }

  Input.LocalCommitCreated created(Intent intent, Bytes welcome) {
    return new Input.LocalCommitCreated(
        id(),
        parentEpoch(),
        wire(),
        intent,
        welcome.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(welcome),
        0);
  }

  CommitClass commitClass() {
    return CommitClass.of(removes.size(), adds);
  }

  /** The epoch id this Commit produces: SHA-256(parent || commit id). */
  Bytes childEpochId() {
    return sha256(Bytes.concat(parent, id().value()));
  }

  static FakeCommit decode(Bytes wire) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(wire.toByteArray()))) {
      Bytes parent = Bytes.wrap(in.readNBytes(in.readInt()));
      long committer = in.readLong();
      int n = in.readInt();
      List<Long> removes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        removes.add(in.readLong());
      }
      int adds = in.readInt();
      long nonce = in.readLong();
      boolean invalid = in.readBoolean();
      int refs = in.readInt();
      List<Bytes> proposalRefs = new ArrayList<>();
      for (int i = 0; i < refs; i++) {
        proposalRefs.add(Bytes.wrap(in.readNBytes(in.readInt())));
      }
      if (in.available() != 0) {
        throw new IOException("trailing bytes");
      }
      return new FakeCommit(parent, committer, removes, adds, nonce, invalid, proposalRefs);
    }
  }

  static Bytes sha256(Bytes data) {
    try {
      return Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(data.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
