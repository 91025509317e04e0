package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

class TieBreakTest {
  private static final EpochId PARENT = EpochId.of(Bytes.fromHex("aa"));

  private static CommitRecord record(String id, CommitClass cls, long leaf, long rank) {
    return new CommitRecord(
        CommitId.of(Bytes.fromHex(id)), PARENT, 7, cls, LeafIndex.of(leaf), new Rank(rank));
  }

  @Test
  void hmacMatchesTheJdk() throws Exception {
    Random random = new Random(1);
    for (int keyLength : new int[] {1, 32, 64, 65, 200}) {
      byte[] key = new byte[keyLength];
      byte[] message = new byte[keyLength * 3 + 1];
      random.nextBytes(key);
      random.nextBytes(message);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      assertThat(TieBreak.hmacSha256(Secret.of(key), message)).isEqualTo(mac.doFinal(message));
    }
  }

  @Test
  void rankIsTheFirstEightBytesOfTheHmacOverLabelAndLeaf() throws Exception {
    byte[] exporter = new byte[32];
    for (int i = 0; i < exporter.length; i++) {
      exporter[i] = (byte) i;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(exporter, "HmacSHA256"));
    mac.update("mlsmesh fork rank v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    mac.update(new byte[] {0, 0, 1, 2}); // uint32 258
    long expected = ByteBuffer.wrap(mac.doFinal()).getLong();

    Rank rank = TieBreak.rank(Secret.of(exporter), LeafIndex.of(258), Optional.empty());

    assertThat(rank.value()).isEqualTo(expected);
  }

  @Test
  void rankDependsOnEpochAndLeafOnlyAndDoesNotConsumeTheExporter() {
    Secret e1 = Secret.of(Bytes.fromHex("01".repeat(32)));
    Secret e2 = Secret.of(Bytes.fromHex("02".repeat(32)));
    Set<Rank> ranks = new HashSet<>();
    for (long leaf = 0; leaf < 50; leaf++) {
      Rank r = TieBreak.rank(e1, LeafIndex.of(leaf), Optional.empty());
      assertThat(TieBreak.rank(e1, LeafIndex.of(leaf), Optional.empty())).isEqualTo(r);
      assertThat(TieBreak.rank(e2, LeafIndex.of(leaf), Optional.empty())).isNotEqualTo(r);
      ranks.add(r);
    }
    assertThat(ranks).hasSize(50);
    assertThat(e1.isDestroyed()).isFalse();
  }

  @Test
  void theCreatorOfTheEpochRanksLast() {
    Secret e = Secret.of(Bytes.fromHex("03".repeat(32)));
    assertThat(TieBreak.rank(e, LeafIndex.of(4), Optional.of(LeafIndex.of(4))))
        .isEqualTo(Rank.LAST);
    assertThat(TieBreak.rank(e, LeafIndex.of(5), Optional.of(LeafIndex.of(4))))
        .isEqualTo(TieBreak.rank(e, LeafIndex.of(5), Optional.empty()));
  }

  @Test
  void ranksCompareUnsigned() {
    assertThat(new Rank(1).isBetterThan(new Rank(-1))).isTrue();
    assertThat(new Rank(Long.MAX_VALUE).isBetterThan(new Rank(Long.MIN_VALUE))).isTrue();
    assertThat(Rank.LAST.compareTo(new Rank(-2))).isPositive();
  }

  @Test
  void classBeatsRank() {
    CommitRecord remove = record("01", CommitClass.REMOVES_MEMBERS, 1, -1);
    CommitRecord add = record("02", CommitClass.ADDS_ONLY, 2, 0);
    CommitRecord update = record("03", CommitClass.UPDATE_ONLY, 3, 0);
    assertThat(TieBreak.beats(remove, add)).isTrue();
    assertThat(TieBreak.beats(add, update)).isTrue();
    assertThat(TieBreak.beats(remove, update)).isTrue();
    assertThat(TieBreak.beats(update, remove)).isFalse();
  }

  @Test
  void thenRankThenLeafThenHash() {
    CommitRecord low = record("ff", CommitClass.UPDATE_ONLY, 9, 5);
    CommitRecord high = record("00", CommitClass.UPDATE_ONLY, 1, 6);
    assertThat(TieBreak.beats(low, high)).isTrue();

    CommitRecord sameRankLowLeaf = record("ff", CommitClass.UPDATE_ONLY, 1, 5);
    assertThat(TieBreak.beats(sameRankLowLeaf, low)).isTrue();

    CommitRecord sameCommitterLowHash = record("01", CommitClass.UPDATE_ONLY, 9, 5);
    assertThat(TieBreak.beats(sameCommitterLowHash, low)).isTrue();
    assertThat(TieBreak.isEquivocation(sameCommitterLowHash, low)).isTrue();
    assertThat(TieBreak.isEquivocation(low, low)).isFalse();
    assertThat(TieBreak.isEquivocation(low, high)).isFalse();
  }

  @Test
  void commitsOnDifferentParentsDoNotCompete() {
    CommitRecord a = record("01", CommitClass.UPDATE_ONLY, 1, 1);
    CommitRecord b =
        new CommitRecord(
            CommitId.of(Bytes.fromHex("02")),
            EpochId.of(Bytes.fromHex("bb")),
            7,
            CommitClass.UPDATE_ONLY,
            LeafIndex.of(2),
            new Rank(2));
    assertThatThrownBy(() -> TieBreak.compare(a, b)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theOrderIsTotalAndTheWinnerIndependentOfOrder() {
    Random random = new Random(42);
    List<CommitRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] id = new byte[4];
      random.nextBytes(id);
      records.add(
          new CommitRecord(
              CommitId.of(Bytes.of(id)),
              PARENT,
              3,
              CommitClass.values()[random.nextInt(3)],
              LeafIndex.of(random.nextInt(6)),
              new Rank(random.nextInt(4))));
    }
    CommitRecord winner = TieBreak.winner(records);
    for (int round = 0; round < 100; round++) {
      Collections.shuffle(records, random);
      assertThat(TieBreak.winner(records)).isEqualTo(winner);
    }
    for (CommitRecord a : records) {
      assertThat(TieBreak.compare(a, a)).isZero();
      for (CommitRecord b : records) {
        assertThat(Integer.signum(TieBreak.compare(a, b)))
            .isEqualTo(-Integer.signum(TieBreak.compare(b, a)));
        for (CommitRecord c : records) {
          if (TieBreak.compare(a, b) < 0 && TieBreak.compare(b, c) < 0) {
            assertThat(TieBreak.compare(a, c)).isNegative();
          }
        }
      }
    }
  }

  @Test
  void commitClassOfCounts() {
    assertThat(CommitClass.of(1, 5)).isEqualTo(CommitClass.REMOVES_MEMBERS);
    assertThat(CommitClass.of(0, 1)).isEqualTo(CommitClass.ADDS_ONLY);
    assertThat(CommitClass.of(0, 0)).isEqualTo(CommitClass.UPDATE_ONLY);
    assertThatThrownBy(() -> CommitClass.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
