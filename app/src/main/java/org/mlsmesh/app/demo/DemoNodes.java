package org.mlsmesh.app.demo;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * The demo's five nodes on 127.0.0.1, in one process: each with a fresh identity in its own folder,
 * in-memory storage, real TLS links over Netty, and gossip and fork-choice timings shortened so
 * that the demo runs in seconds.
 */
final class DemoNodes implements AutoCloseable {
  static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin");

  /** Long enough for a Commit to reach every node on loopback, short enough for a quick demo. */
  static final ForkChoiceConfig FORK_CHOICE =
      ForkChoiceConfig.builder().settleWindowMillis(600).build();

  private static final String GOSSIP =
      "heartbeat-interval = 250ms, failure-timeout = 2s, reconnect-backoff = 200ms,"
          + " reconnect-backoff-max = 500ms, anti-entropy-interval = 500ms,"
          + " anti-entropy-delay = 500ms, lazy-push-delay = 50ms, graft-timeout = 250ms";

  private final Map<String, MlsNode> nodes = new LinkedHashMap<>();
  private final Map<MemberId, String> names = new LinkedHashMap<>();

  private DemoNodes() {}

  /**
   * Starts the five, telling {@code started} about each; the others find the overlay through the
   * first one.
   */
  static DemoNodes start(
      Path workDir, DemoRecorder.Factory listeners, BiConsumer<String, MlsNode> started)
      throws IOException, IdentityFileException, TimeoutException {
    DemoNodes demo = new DemoNodes();
    try {
      List<String> seeds = new ArrayList<>();
      for (String name : NAMES) {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Path key = dir.resolve("identity.key");
        IdentityFile.write(
            key,
            NodeKeys.generate(
                CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519,
                new SecureEntropySource()),
            true);
        String seedList = String.join(",", seeds.stream().map(s -> '"' + s + '"').toList());
        String conf =
            "mlsmesh.node { identity-file = \""
                + key.toAbsolutePath().toString().replace("\\", "/")
                + "\", listen { host = \"127.0.0.1\", port = 0 }, storage.engine = memory,"
                + " key-packages { pool-size = 4, replenish-below = 2 } }\n"
                + "mlsmesh.gossip { seeds = ["
                + seedList
                + "], "
                + GOSSIP
                + " }\n";
        MlsNode node =
            MlsNode.start(ConfigLoader.from(ConfigFactory.parseString(conf)), FORK_CHOICE);
        node.addListener(listeners.listenerOf(name));
        demo.nodes.put(name, node);
        demo.names.put(node.identity(), name);
        started.accept(name, node);
        if (seeds.isEmpty()) {
          seeds.add(node.pinnedAddress());
        }
      }
      return demo;
    } catch (IOException | IdentityFileException | TimeoutException | RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  MlsNode node(String name) {
    MlsNode node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no demo node " + name);
    }
    return node;
  }

  MemberId identity(String name) {
    return node(name).identity();
  }

  /** The name of the node {@code identity}; {@code "?"} for one that is not a demo node. */
  String nameOf(MemberId identity) {
    return names.getOrDefault(identity, "?");
  }

  List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  @Override
  public void close() {
    nodes.values().forEach(MlsNode::close);
  }
}
