package org.mlsmesh.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/** Starts in-process nodes on 127.0.0.1, each in its own directory with a SQLite file. */
final class TestNodes {
  static final ForkChoiceConfig FAST = ForkChoiceConfig.builder().settleWindowMillis(300).build();

  private TestNodes() {}

  /** Writes an identity (unless there is one) and a config; starts the node. */
  static MlsNode start(Path dir, List<String> seeds, MlsNodeListener listener) throws Exception {
    Files.createDirectories(dir);
    Path key = dir.resolve("identity.key");
    if (!Files.exists(key)) {
      IdentityFile.write(
          key,
          NodeKeys.generate(
              CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource()),
          false);
    }
    Path conf = dir.resolve("node.conf");
    StringBuilder seedList = new StringBuilder();
    for (String seed : seeds) {
      seedList.append('"').append(seed).append("\",");
    }
    Files.writeString(
        conf,
        "mlsmesh.node { listen.port = 0, key-packages { pool-size = 3, replenish-below = 1 } }\n"
            + "mlsmesh.gossip.seeds = ["
            + seedList
            + "]\n");
    MlsNode node = MlsNode.start(ConfigLoader.load(conf), FAST);
    node.addListener(listener);
    return node;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Counts the application messages a node received, by message id. */
  static final class Inbox implements MlsNodeListener {
    final Map<Bytes, AtomicInteger> counts = new ConcurrentHashMap<>();
    final Map<Bytes, Bytes> payloads = new ConcurrentHashMap<>();

    @Override
    public void onEvent(MlsNodeEvent event) {
      if (event instanceof MlsNodeEvent.MessageReceived m) {
        counts.computeIfAbsent(m.messageId(), k -> new AtomicInteger()).incrementAndGet();
        payloads.put(m.messageId(), m.payload());
      }
    }

    boolean hasAll(java.util.Collection<Bytes> ids) {
      return counts.keySet().containsAll(ids);
    }
  }
}
