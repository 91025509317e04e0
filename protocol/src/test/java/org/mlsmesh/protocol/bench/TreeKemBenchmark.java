package org.mlsmesh.protocol.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.tree.AppliedUpdatePath;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;
import org.mlsmesh.protocol.tree.FullTrees;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * TreeKEM at 1,000, 10,000 and 100,000 members (suite 1, full trees): creating an UpdatePath (from
 * leaf 0), applying one (at leaf 1, which decrypts at the lowest node and derives every key above),
 * and rehashing the tree after one path change. Leaf signatures play no part here, so the trees are
 * built without them (see {@link TreeValidationBenchmark}).
 *
 * <p>{@code mvn -B -o -pl protocol -P bench test-compile exec:exec -Dbench.args="TreeKemBenchmark
 * -f 1 -wi 2 -w 1s -i 3 -r 1s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TreeKemBenchmark {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Param({"1000", "10000", "100000"})
  public int leaves;

  private FullTrees.Built built;
  private RatchetTree tree;
  private GroupContext context;
  private UpdatePath path;
  private LeafNode replacement;
  private LeafIndex changed;
  private SeededEntropySource random;

  @Setup
  public void setUp() throws CryptoException {
    built = FullTrees.build(SUITE, leaves, 1, false);
    tree = built.tree();
    tree.treeHash();
    context =
        new GroupContext(
            GroupContext.MLS10,
            SUITE.id(),
            FullTrees.GROUP_ID,
            7,
            Bytes.EMPTY,
            Bytes.EMPTY,
            List.of());
    random = new SeededEntropySource(2);
    CreatedUpdatePath created = create();
    path = created.updatePath();
    created.destroy();
    changed = LeafIndex.of(leaves / 2);
    LeafNode old = tree.leaf(changed).orElseThrow();
    replacement =
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
  }

  private CreatedUpdatePath create() throws CryptoException {
    return org.mlsmesh.protocol.tree.TreeKem.createUpdatePath(
        tree,
        LeafIndex.of(0),
        tree.leaf(LeafIndex.of(0)).orElseThrow(),
        built.committerSignature().privateKey(),
        context,
        Set.of(),
        random);
  }

  @Benchmark
  public RatchetTree createUpdatePath() throws CryptoException {
    CreatedUpdatePath created = create();
    created.destroy();
    created.privateKeys().destroy();
    return created.tree();
  }

  @Benchmark
  public RatchetTree applyUpdatePath() throws ValidationException {
    AppliedUpdatePath applied =
        org.mlsmesh.protocol.tree.TreeKem.applyUpdatePath(
            tree, LeafIndex.of(0), path, built.receiver(), context, Set.of());
    applied.destroy();
    applied.privateKeys().destroy();
    return applied.tree();
  }

  @Benchmark
  public Bytes rehashAfterPathChange() {
    return tree.updateLeaf(changed, replacement).treeHash();
  }
}
