package org.mlsmesh.protocol.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;

/**
 * The operations of {@link GroupBenchmark} timed in CPU time of the measuring thread, which a busy
 * shared machine disturbs far less than wall-clock time. Not a replacement for JMH: a second
 * opinion when the machine is loaded. {@code java -cp ... org.mlsmesh.protocol.bench.GroupCpuTime
 * [members...]} (default 1000).
 */
public final class GroupCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private GroupCpuTime() {}

  /** One operation under measurement. */
  @FunctionalInterface
  private interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {1000} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    for (int members : sizes) {
      GroupBenchmarkFixtures.FullGroup group = GroupBenchmarkFixtures.FullGroup.of(members);
      MlsMessage commitWithPath =
          group.committer.commit(CommitOptions.defaults(), group.now).commit();
      CommitResult add = group.committer.commit(group.addOptions(), group.now);
      MlsMessage removeCommit = group.committer.commit(group.removeOptions(), group.now).commit();
      Bytes kibibyte = Bytes.wrap(group.clients.random.randomBytes(1024));
      GroupBenchmarkFixtures.CommitPrimitives primitives =
          GroupBenchmarkFixtures.CommitPrimitives.of(group, commitWithPath);

      GroupBenchmarkFixtures.Clients clients = new GroupBenchmarkFixtures.Clients(7);
      List<Proposal> adds = new ArrayList<>(members);
      List<VerifiedKeyPackage> verified = new ArrayList<>(members);
      boolean joinersNeeded =
          selected("createGroupAndAdd") || selected("createGroupAndAddVerified");
      for (int i = 0; i < members && joinersNeeded; i++) {
        KeyPackageBundle bundle = clients.keyPackage(clients.identity("joiner " + i));
        adds.add(new Add(bundle.keyPackage()));
        verified.add(clients.verified(bundle.keyPackage()));
      }

      System.out.printf("members %d (CPU µs per op, median of 5 rounds)%n", members);
      report(
          "createGroupAndAdd",
          () ->
              clients
                  .createGroup()
                  .commit(CommitOptions.defaults().withProposals(adds), group.now)
                  .staged()
                  .merge());
      report(
          "createGroupAndAddVerified",
          () ->
              clients
                  .createGroup()
                  .commitAdding(verified, CommitOptions.defaults(), group.now)
                  .staged()
                  .merge());
      report("joinFromWelcome", () -> group.join(add.welcome().orElseThrow()));
      report(
          "createCommitWithPath",
          () -> group.committer.commit(CommitOptions.defaults(), group.now));
      report("processCommitWithPath", () -> group.process(commitWithPath));
      report("primitivesOfCommitWithPath", primitives::all);
      if (selected("processCommitWithPath") && selected("primitivesOfCommitWithPath")) {
        System.out.printf(
            "%-28s %12.2f   (%d DeriveKeyPair; rounds of both interleaved)%n",
            "  ratio process/primitives",
            interleavedRatio(() -> group.process(commitWithPath), primitives::all),
            primitives.derivations());
      }
      report("createAdd", () -> group.committer.commit(group.addOptions(), group.now));
      report("processAdd", () -> group.process(add.commit()));
      report("createRemove", () -> group.committer.commit(group.removeOptions(), group.now));
      report("processRemove", () -> group.process(removeCommit));
      report(
          "encryptDecrypt1KiB",
          () ->
              group.receiver.process(group.committer.encrypt(kibibyte, Bytes.EMPTY, 0), group.now));
      report("primitiveHpkeOpen", primitives::hpkeOpen);
      report("primitiveDeriveKeyPair", primitives::deriveKeyPair);
      report("primitiveVerify", primitives::verifyCommitSignature);
    }
  }

  private static double report(String name, Op op) throws Exception {
    if (!selected(name)) {
      return Double.NaN;
    }
    double micros = measure(op);
    System.out.printf("%-28s %12.1f%n", name, micros);
    return micros;
  }

  /**
   * The median over 9 pairs of rounds of {@code a}'s time per op over {@code b}'s, each pair run
   * back to back so that a change of the machine's load between them matters little.
   */
  private static double interleavedRatio(Op a, Op b) throws Exception {
    double[] ratios = new double[9];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = run(a, 200_000_000L) / run(b, 200_000_000L);
    }
    Arrays.sort(ratios);
    return ratios[ratios.length / 2];
  }

  /** Whether operation {@code name} was asked for. */
  private static boolean selected(String name) {
    return name.matches(System.getProperty("ops", ".*"));
  }

  /**
   * Warms up for about 3 s of CPU ({@code -DwarmupMillis}), then returns the median of 5 rounds of
   * at least 0.3 s.
   */
  private static double measure(Op op) throws Exception {
    run(op, Long.getLong("warmupMillis", 3000) * 1_000_000L);
    double[] rounds = new double[5];
    for (int round = 0; round < rounds.length; round++) {
      rounds[round] = run(op, 300_000_000L);
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  /** Runs {@code op} until {@code cpuNanos} of CPU time have passed; returns CPU µs per op. */
  private static double run(Op op, long cpuNanos) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long ops = 0;
    long spent;
    do {
      op.run();
      ops++;
      spent = THREADS.getCurrentThreadCpuTime() - start;
    } while (spent < cpuNanos);
    return spent / 1000.0 / ops;
  }
}
