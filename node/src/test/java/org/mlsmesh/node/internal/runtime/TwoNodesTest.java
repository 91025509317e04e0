package org.mlsmesh.node.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.message.KeyPackage;

/** Two nodes on 127.0.0.1 in one process link up and fetch each other's KeyPackage. */
@Timeout(120)
class TwoNodesTest {
  private final List<NodeRuntime> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(NodeRuntime::close);
  }

  private NodeRuntime start(Path dir, String name, List<String> seeds) throws Exception {
    Files.createDirectories(dir.resolve(name));
    IdentityFile.write(
        dir.resolve(name).resolve("identity.key"),
        NodeKeys.generate(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource()),
        false);
    Path conf = dir.resolve(name).resolve("node.conf");
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
    NodeRuntime node = NodeRuntime.start(ConfigLoader.load(conf));
    started.add(node);
    return node;
  }

  private static DirectoryActor.Found fetch(NodeRuntime from, NodeRuntime of) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      DirectoryActor.FetchResult result =
          from.fetchKeyPackage(of.keys().mlsIdentity())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      // The last-resort one may come first while the pool's announcements are on their way.
      if (result instanceof DirectoryActor.Found found && !found.lastResort()) {
        return found;
      }
      assertThat(System.nanoTime()).as("fetch kept failing: " + result).isLessThan(deadline);
    }
  }

  @Test
  void twoNodesLinkUpAndFetchEachOthersKeyPackage(@TempDir Path dir) throws Exception {
    NodeRuntime a = start(dir, "a", List.of());
    NodeRuntime b = start(dir, "b", List.of(a.pinnedAddress()));

    DirectoryActor.Found aOfB = fetch(a, b);
    DirectoryActor.Found bOfA = fetch(b, a);

    for (var pair : List.of(List.of(aOfB, b), List.of(bOfA, a))) {
      DirectoryActor.Found found = (DirectoryActor.Found) pair.get(0);
      NodeRuntime owner = (NodeRuntime) pair.get(1);
      KeyPackage kp = TlsReader.decodeAll(found.keyPackage(), KeyPackage::decode);
      assertThat(((BasicCredential) kp.leafNode().credential()).identity())
          .isEqualTo(owner.keys().mlsIdentity());
      assertThat(found.lastResort()).isFalse();
    }
    assertThat(a.gossipStatus().toCompletableFuture().get().activeView())
        .contains(b.keys().peerId());
    // The claim reached the owner: a second fetch gets another KeyPackage.
    DirectoryActor.Found again = fetch(a, b);
    assertThat(again.ref()).isNotEqualTo(aOfB.ref());
  }
}
