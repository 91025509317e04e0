package org.mlsmesh.protocol.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The MLS group operations at 2 to 10,000 members (suite 1; full trees in which every member has
 * committed once, see {@link GroupBenchmarkFixtures}):
 *
 * <ul>
 *   <li>{@code createGroupAndAdd}: create a group and add {@code members} members in one Commit
 *       (the committer validates their KeyPackages), build the Welcome, and merge the Commit;
 *       {@code createGroupAndAddVerified} the same with KeyPackages validated when they were
 *       fetched ({@link GroupState#commitAdding});
 *   <li>{@code joinFromWelcome}: a new member joins a group of {@code members} from a Welcome
 *       carrying the ratchet tree, validating the whole tree;
 *   <li>{@code createCommitWithPath} / {@code processCommitWithPath}: an empty Commit with an
 *       UpdatePath from leaf 0, processed (staged and merged) by leaf 1, whose lowest common
 *       ancestor with leaf 0 is their parent, so it derives every key of the path;
 *   <li>{@code createAdd} / {@code processAdd} and {@code createRemove} / {@code processRemove}: a
 *       Commit adding one member (with its Welcome), or removing the last one;
 *   <li>{@code encryptDecrypt1KiB}: leaf 0 encrypts 1 KiB of application data, leaf 1 decrypts it;
 *   <li>{@code primitives*}, measured in the same run: what processing the Commit with path must
 *       run at the least — one HPKE open, one DeriveKeyPair per path node from the lowest common
 *       ancestor up, and two signature verifications (the Commit's and its leaf node's) — singly
 *       and as one sum ({@code primitivesOfCommitWithPath}).
 * </ul>
 *
 * <p>Handshake messages are PublicMessages here so that one Commit can be processed again and again
 * (a PrivateMessage consumes its key); the difference is one AEAD open of the Commit.
 *
 * <p>{@code mvn -B -o -pl protocol -P bench clean test-compile exec:exec
 * -Dbench.args="GroupBenchmark -f 1 -wi 5 -w 1s -i 3 -r 1s -p members=1000"} (processing a Commit
 * needs a few seconds of warm-up)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GroupBenchmark {
  @Param({"2", "10", "100", "1000", "10000"})
  public int members;

  /** The KeyPackages of {@code members} clients to add to a new group. */
  @State(Scope.Benchmark)
  public static class Joiners {
    GroupBenchmarkFixtures.Clients clients;
    List<KeyPackageBundle> bundles;
    List<Add> adds;
    List<VerifiedKeyPackage> verified;

    @Setup
    public void setUp(GroupBenchmark benchmark) {
      clients = new GroupBenchmarkFixtures.Clients(7);
      bundles = new ArrayList<>(benchmark.members);
      adds = new ArrayList<>(benchmark.members);
      verified = new ArrayList<>(benchmark.members);
      for (int i = 0; i < benchmark.members; i++) {
        KeyPackageBundle bundle = clients.keyPackage(clients.identity("joiner " + i));
        bundles.add(bundle);
        adds.add(new Add(bundle.keyPackage()));
        verified.add(clients.verified(bundle.keyPackage()));
      }
    }
  }

  /** A group of {@code members}, and messages its members send. */
  @State(Scope.Benchmark)
  public static class Group {
    GroupBenchmarkFixtures.FullGroup group;
    MlsMessage commitWithPath;
    MlsMessage addCommit;
    MlsMessage removeCommit;
    MlsMessage welcome;
    Bytes kibibyte;

    @Setup
    public void setUp(GroupBenchmark benchmark) throws DecodeException, ValidationException {
      group = GroupBenchmarkFixtures.FullGroup.of(benchmark.members);
      commitWithPath = group.committer.commit(CommitOptions.defaults(), group.now).commit();
      CommitResult add = group.committer.commit(group.addOptions(), group.now);
      addCommit = add.commit();
      welcome = add.welcome().orElseThrow();
      removeCommit = group.committer.commit(group.removeOptions(), group.now).commit();
      kibibyte = Bytes.wrap(group.clients.random.randomBytes(1024));
    }
  }

  /** The primitives of processing {@link Group#commitWithPath}, and how often it runs each. */
  @State(Scope.Benchmark)
  public static class Primitives {
    GroupBenchmarkFixtures.CommitPrimitives primitives;

    @Setup
    public void setUp(Group group) throws CryptoException {
      primitives = GroupBenchmarkFixtures.CommitPrimitives.of(group.group, group.commitWithPath);
    }
  }

  @Benchmark
  public GroupState createGroupAndAdd(Joiners joiners) throws DecodeException, ValidationException {
    GroupState created = joiners.clients.createGroup();
    CommitResult result =
        created.commit(
            CommitOptions.defaults().withProposals(joiners.adds), GroupBenchmarkFixtures.NOW);
    result.welcome().orElseThrow();
    return result.staged().merge();
  }

  /** As {@link #createGroupAndAdd}, with KeyPackages validated when they were fetched. */
  @Benchmark
  public GroupState createGroupAndAddVerified(Joiners joiners)
      throws DecodeException, ValidationException {
    GroupState created = joiners.clients.createGroup();
    CommitResult result =
        created.commitAdding(
            joiners.verified, CommitOptions.defaults(), GroupBenchmarkFixtures.NOW);
    result.welcome().orElseThrow();
    return result.staged().merge();
  }

  @Benchmark
  public GroupState joinFromWelcome(Group group) throws DecodeException, ValidationException {
    return group.group.join(group.welcome);
  }

  @Benchmark
  public CommitResult createCommitWithPath(Group group)
      throws DecodeException, ValidationException {
    return group.group.committer.commit(CommitOptions.defaults(), group.group.now);
  }

  @Benchmark
  public Object processCommitWithPath(Group group) throws DecodeException, ValidationException {
    return group.group.process(group.commitWithPath);
  }

  @Benchmark
  public CommitResult createAdd(Group group) throws DecodeException, ValidationException {
    return group.group.committer.commit(group.group.addOptions(), group.group.now);
  }

  @Benchmark
  public Object processAdd(Group group) throws DecodeException, ValidationException {
    return group.group.process(group.addCommit);
  }

  @Benchmark
  public CommitResult createRemove(Group group) throws DecodeException, ValidationException {
    return group.group.committer.commit(group.group.removeOptions(), group.group.now);
  }

  @Benchmark
  public Object processRemove(Group group) throws DecodeException, ValidationException {
    return group.group.process(group.removeCommit);
  }

  @Benchmark
  public Bytes encryptDecrypt1KiB(Group group) throws DecodeException, ValidationException {
    MlsMessage sent = group.group.committer.encrypt(group.kibibyte, Bytes.EMPTY, 0);
    Processed received = group.group.receiver.process(sent, group.group.now);
    return ((Processed.Application) received).data();
  }

  @Benchmark
  public Bytes primitiveHpkeOpen(Primitives primitives) throws CryptoException {
    return primitives.primitives.hpkeOpen();
  }

  @Benchmark
  public HpkeKeyPair primitiveDeriveKeyPair(Primitives primitives) {
    return primitives.primitives.deriveKeyPair();
  }

  @Benchmark
  public Bytes primitiveVerify(Primitives primitives) throws CryptoException {
    return primitives.primitives.verifyCommitSignature();
  }

  /** One HPKE open, the path's DeriveKeyPairs and both signature verifications, in a row. */
  @Benchmark
  public Bytes primitivesOfCommitWithPath(Primitives primitives) throws CryptoException {
    return primitives.primitives.all();
  }
}
