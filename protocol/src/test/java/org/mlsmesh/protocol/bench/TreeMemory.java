package org.mlsmesh.protocol.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;
import org.mlsmesh.protocol.tree.FullTrees;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;
import org.mlsmesh.protocol.tree.TreeKem;

/**
 * Measures the heap held by a received 100,000-member public tree (decoded from the wire, tree
 * hashes memoized), and the extra heap of a second epoch that shares its structure. Run with {@code
 * java -cp ... org.mlsmesh.protocol.bench.TreeMemory [members]}.
 */
public final class TreeMemory {
  private TreeMemory() {}

  public static void main(String[] args) throws Exception {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    FullTrees.Built built = FullTrees.build(suite, members, 1);
    Bytes wire = built.tree().toNodes().encoded();
    GroupContext context =
        new GroupContext(1, suite.id(), FullTrees.GROUP_ID, 1, Bytes.EMPTY, Bytes.EMPTY, List.of());
    Holder holder = new Holder();
    holder.committer = built;
    built = null;

    long baseline = usedAfterGc();
    holder.tree = RatchetTree.fromNodes(suite, TlsReader.decodeAll(wire, RatchetTreeNodes::decode));
    holder.tree.treeHash();
    long withTree = usedAfterGc();

    CreatedUpdatePath created =
        TreeKem.createUpdatePath(
            holder.tree,
            LeafIndex.of(0),
            holder.tree.leaf(LeafIndex.of(0)).orElseThrow(),
            holder.committer.committerSignature().privateKey(),
            context,
            Set.of(),
            new SeededEntropySource(5));
    holder.fork = created.tree();
    holder.fork.treeHash();
    created.destroy();
    long withFork = usedAfterGc();

    System.out.printf(
        "members=%d wire=%.1f MB tree=%.1f MB (%.0f bytes/member) next-epoch tree=+%.1f KB%n",
        members,
        wire.length() / 1e6,
        (withTree - baseline) / 1e6,
        (withTree - baseline) / (double) members,
        (withFork - withTree) / 1e3);
    System.out.println(
        Optional.of(holder).map(h -> h.tree.memberCount() + h.fork.memberCount()).get());
  }

  /** Keeps the measured objects reachable. */
  private static final class Holder {
    FullTrees.Built committer;
    RatchetTree tree;
    RatchetTree fork;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
