package org.mlsmesh.consensus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The deterministic tie-breaking policy of RFC 9750 §5.2.2: among valid Commits built on the same
 * parent epoch, every member picks the same winner.
 *
 * <ol>
 *   <li>The stronger {@link CommitClass} wins.
 *   <li>Then the better (lower) {@link Rank} of the committer in the parent epoch.
 *   <li>Then the lower leaf index: reached only if two committers' 64-bit ranks collide.
 *   <li>Then the lower Commit hash: reached only between two Commits of one committer, which is
 *       equivocation and flagged ({@link #isEquivocation}).
 * </ol>
 *
 * <p><b>Rank derivation.</b> {@code rank = uint64_be(HMAC-SHA256(key = E, msg = "mlsmesh fork rank
 * v1" || uint32_be(leaf))[0..8])} where {@code E} is the parent epoch's fork-choice exporter output
 * ({@code MLS-Exporter("mlsmesh fork choice", "", 32)}, RFC 9420 §8.5). A committer cannot grind
 * its rank by re-rolling its Commit because the rank does not depend on the Commit. Only the member
 * that <em>created</em> the parent epoch could have influenced {@code E} (it chose the commit
 * secret and the content of that Commit, RFC 9420 §8), so that member gets {@link Rank#LAST} in the
 * epoch it created: grinding the next epoch's secrets can never raise the grinder's own rank.
 */
public final class TieBreak {
  static final byte[] RANK_LABEL = "mlsmesh fork rank v1".getBytes(StandardCharsets.US_ASCII);
  private static final int SHA256_BLOCK = 64;

  /** Best first: sorting a set of sibling records puts the winner at index 0. */
  public static final Comparator<CommitRecord> ORDER = TieBreak::compare;

  private TieBreak() {}

  /**
   * The rank of {@code committer} among the members of the epoch whose fork-choice exporter output
   * is {@code exporter}; {@code epochCreator} is the committer of that epoch's own Commit (or its
   * creator), which gets {@link Rank#LAST}. Does not consume {@code exporter}.
   */
  public static Rank rank(Secret exporter, LeafIndex committer, Optional<LeafIndex> epochCreator) {
    Objects.requireNonNull(committer, "committer");
    if (epochCreator.isPresent() && epochCreator.get().equals(committer)) {
      return Rank.LAST;
    }
    byte[] message = Arrays.copyOf(RANK_LABEL, RANK_LABEL.length + 4);
    long leaf = committer.value();
    for (int i = 0; i < 4; i++) {
      message[RANK_LABEL.length + i] = (byte) (leaf >>> (24 - 8 * i));
    }
    byte[] mac = hmacSha256(exporter, message);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (mac[i] & 0xff);
    }
    Arrays.fill(mac, (byte) 0);
    return new Rank(value);
  }

  /**
   * Orders two valid Commits of the same parent epoch: negative when {@code a} wins. Throws when
   * the parents differ: Commits on different parents do not compete.
   */
  public static int compare(CommitRecord a, CommitRecord b) {
    if (!a.parent().equals(b.parent())) {
      throw new IllegalArgumentException("commits on different parents do not compete");
    }
    if (a.commitClass() != b.commitClass()) {
      return a.commitClass().beats(b.commitClass()) ? -1 : 1;
    }
    int byRank = a.rank().compareTo(b.rank());
    if (byRank != 0) {
      return byRank;
    }
    int byLeaf = a.committer().compareTo(b.committer());
    if (byLeaf != 0) {
      return byLeaf;
    }
    return a.commit().compareTo(b.commit());
  }

  /** True when {@code a} wins over {@code b}. */
  public static boolean beats(CommitRecord a, CommitRecord b) {
    return compare(a, b) < 0;
  }

  /** The winner among sibling Commits (all on one parent). */
  public static CommitRecord winner(Collection<CommitRecord> siblings) {
    return siblings.stream()
        .min(ORDER)
        .orElseThrow(() -> new IllegalArgumentException("no candidates"));
  }

  /**
   * Two different valid Commits by one committer on one parent epoch: the committer equivocates.
   */
  public static boolean isEquivocation(CommitRecord a, CommitRecord b) {
    return a.parent().equals(b.parent())
        && a.committer().equals(b.committer())
        && !a.commit().equals(b.commit());
  }

  /** HMAC-SHA256 (RFC 2104) over a copy of the key that is erased afterwards. */
  static byte[] hmacSha256(Secret key, byte[] message) {
    MessageDigest sha256 = sha256();
    byte[] k = key.exposeBytes();
    byte[] block = new byte[SHA256_BLOCK];
    try {
      if (k.length > SHA256_BLOCK) {
        byte[] hashed = sha256.digest(k);
        System.arraycopy(hashed, 0, block, 0, hashed.length);
        Arrays.fill(hashed, (byte) 0);
      } else {
        System.arraycopy(k, 0, block, 0, k.length);
      }
      byte[] pad = new byte[SHA256_BLOCK];
      for (int i = 0; i < SHA256_BLOCK; i++) {
        pad[i] = (byte) (block[i] ^ 0x36);
      }
      sha256.update(pad);
      sha256.update(message);
      byte[] inner = sha256.digest();
      for (int i = 0; i < SHA256_BLOCK; i++) {
        pad[i] = (byte) (block[i] ^ 0x5c);
      }
      sha256.update(pad);
      sha256.update(inner);
      Arrays.fill(pad, (byte) 0);
      Arrays.fill(inner, (byte) 0);
      return sha256.digest();
    } finally {
      Arrays.fill(k, (byte) 0);
      Arrays.fill(block, (byte) 0);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
