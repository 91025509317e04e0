package org.mlsmesh.protocol.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.tree.AppliedUpdatePath;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;
import org.mlsmesh.protocol.tree.FullTrees;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreeKem;

/**
 * The operations of {@link TreeKemBenchmark} timed in CPU time of the measuring thread, which a
 * busy shared machine disturbs far less than wall-clock time. Not a replacement for JMH: a second
 * opinion on growth. {@code java -cp ... org.mlsmesh.protocol.bench.TreeKemCpuTime [ops
 * [members...]]}
 */
public final class TreeKemCpuTime {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private TreeKemCpuTime() {}

  /** One operation under measurement. */
  @FunctionalInterface
  private interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int[] sizes = {1000, 10_000, 100_000};
    if (args.length > 1) {
      sizes = new int[args.length - 1];
      for (int i = 1; i < args.length; i++) {
        sizes[i - 1] = Integer.parseInt(args[i]);
      }
    }
    System.out.println("members   create µs   apply µs   rehash µs   (CPU time per op)");
    for (int members : sizes) {
      FullTrees.Built built = FullTrees.build(SUITE, members, 1, false);
      RatchetTree tree = built.tree();
      tree.treeHash();
      GroupContext context =
          new GroupContext(
              GroupContext.MLS10,
              SUITE.id(),
              FullTrees.GROUP_ID,
              7,
              Bytes.EMPTY,
              Bytes.EMPTY,
              List.of());
      SeededEntropySource random = new SeededEntropySource(2);
      Op create =
          () -> {
            CreatedUpdatePath created =
                TreeKem.createUpdatePath(
                    tree,
                    LeafIndex.of(0),
                    tree.leaf(LeafIndex.of(0)).orElseThrow(),
                    built.committerSignature().privateKey(),
                    context,
                    Set.of(),
                    random);
            created.destroy();
            created.privateKeys().destroy();
            return created.updatePath();
          };
      UpdatePath path = (UpdatePath) create.run();
      Op apply =
          () -> {
            AppliedUpdatePath applied =
                TreeKem.applyUpdatePath(
                    tree, LeafIndex.of(0), path, built.receiver(), context, Set.of());
            applied.destroy();
            applied.privateKeys().destroy();
            return applied.tree();
          };
      LeafIndex changed = LeafIndex.of(members / 2);
      LeafNode old = tree.leaf(changed).orElseThrow();
      LeafNode replacement =
          new LeafNode(
              Bytes.wrap(random.randomBytes(32)),
              old.signatureKey(),
              old.credential(),
              old.capabilities(),
              LeafNodeSource.UPDATE,
              Optional.empty(),
              Optional.empty(),
              old.extensions(),
              old.signature());
      Op rehash = () -> tree.updateLeaf(changed, replacement).treeHash();
      double c = measure(create, ops);
      double a = measure(apply, ops);
      double r = measure(rehash, ops * 20);
      System.out.printf("%7d   %9.0f   %8.0f   %9.1f%n", members, c, a, r);
    }
  }

  /** Warms up, then returns the median over 5 rounds of CPU µs per op. */
  private static double measure(Op op, int ops) throws Exception {
    for (int i = 0; i < ops; i++) {
      op.run();
    }
    double[] rounds = new double[5];
    for (int round = 0; round < rounds.length; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < ops; i++) {
        op.run();
      }
      rounds[round] = (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / ops;
    }
    java.util.Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }
}
