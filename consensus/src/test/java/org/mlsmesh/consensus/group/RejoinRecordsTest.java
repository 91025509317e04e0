package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The records a rejoiner keeps as its history: the survivor's first Commit heads them, so that a
 * third branch that split off at the same epoch is compared with it (seed 150 of the random
 * schedules).
 */
class RejoinRecordsTest {
  private static final CommitRecord SURVIVOR = record("01", "a7", 7);
  private static final CommitRecord NEXT = record("02", "a8", 8);
  private static final CommitRecord LATER = record("03", "a9", 9);
  private static final CommitRecord OTHER_AT_FORK = record("04", "a7", 7);

  private final Rejoin rejoin = new Rejoin(LeafIndex.of(1), 7, SURVIVOR);

  @Test
  void recordsThatStartAfterTheForkGetTheSurvivorInFront() {
    assertThat(rejoin.survivorFirst(List.of(NEXT, LATER))).containsExactly(SURVIVOR, NEXT, LATER);
    assertThat(rejoin.survivorFirst(List.of())).containsExactly(SURVIVOR);
  }

  @Test
  void recordsThatListTheSurvivorStayAsTheyAre() {
    List<CommitRecord> records = List.of(SURVIVOR, NEXT);

    assertThat(rejoin.survivorFirst(records)).isSameAs(records);
  }

  @Test
  void recordsThatShowAnotherCommitAtTheForkGetNothingAdded() {
    List<CommitRecord> records = List.of(OTHER_AT_FORK, NEXT);

    assertThat(rejoin.survivorFirst(records)).isSameAs(records);
  }

  private static CommitRecord record(String commit, String parent, long parentNumber) {
    return new CommitRecord(
        CommitId.of(Bytes.fromHex(commit.repeat(32))),
        EpochId.of(Bytes.fromHex(parent.repeat(32))),
        parentNumber,
        CommitClass.values()[0],
        LeafIndex.of(2),
        new Rank(42));
  }
}
