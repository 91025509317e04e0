package org.mlsmesh.protocol.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.tree.FullTrees;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Validating a received tree of 1,000, 10,000 and 100,000 members (suite 1, every leaf signed):
 * decode, build, tree hash, unmerged leaves, key uniqueness, parent hashes and every leaf signature
 * ({@code validateReceivedTree}); and the same without leaf nodes' checks ({@code
 * validateStructureOnly}: decode, build, tree hash, parent hashes).
 *
 * <p>{@code mvn -B -o -pl protocol -P bench test-compile exec:exec
 * -Dbench.args="TreeValidationBenchmark -f 1 -wi 1 -w 1s -i 3 -r 1s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TreeValidationBenchmark {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Param({"1000", "10000", "100000"})
  public int leaves;

  private Bytes wire;
  private Bytes treeHash;
  private LeafNodeValidator validator;
  private LeafValidationContext leafContext;

  @Setup
  public void setUp() throws CryptoException {
    RatchetTree tree = FullTrees.build(SUITE, leaves, 1).tree();
    treeHash = tree.treeHash();
    wire = tree.toNodes().encoded();
    validator = new LeafNodeValidator(SUITE, (suite, credential, key, now) -> {});
    leafContext =
        new LeafValidationContext(FullTrees.GROUP_ID, List.of(), List.of(), List.of(), 0, false);
  }

  private RatchetTree received() throws DecodeException, ValidationException {
    return RatchetTree.fromNodes(SUITE, TlsReader.decodeAll(wire, RatchetTreeNodes::decode));
  }

  @Benchmark
  public RatchetTree validateReceivedTree() throws DecodeException, ValidationException {
    RatchetTree received = received();
    received.validate(treeHash, validator, leafContext);
    return received;
  }

  @Benchmark
  public RatchetTree validateStructureOnly() throws DecodeException, ValidationException {
    RatchetTree received = received();
    received.treeHash();
    received.verifyParentHashes();
    return received;
  }
}
