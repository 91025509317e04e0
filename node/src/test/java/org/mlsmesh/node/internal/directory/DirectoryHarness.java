package org.mlsmesh.node.internal.directory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.NodeConfig;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.storage.InMemoryNodeStorage;
import org.mlsmesh.node.storage.KeyPackageInfo;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.StoredKeyPackage;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;

/**
 * Several directory cores in one thread, connected by a perfect in-memory network: what one
 * publishes reaches every other node that is online, direct messages reach their peer. Each node
 * owns a storage for its KeyPackages and does what its shell would on {@code Replenish}.
 */
final class DirectoryHarness {
  static final NodeConfig CONFIG =
      ConfigLoader.from(
              com.typesafe.config.ConfigFactory.parseString(
                  "mlsmesh.node.key-packages { pool-size = 4, replenish-below = 2 }"))
          .node();

  final class Node {
    final NodeKeys keys;
    final NodeStorage storage = new InMemoryNodeStorage();
    KeyPackageDirectory directory;
    final Map<Long, DirectoryEffect> results = new LinkedHashMap<>();
    boolean online = true;

    Node(long seed) {
      keys =
          NodeKeys.generate(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, random(seed));
      directory = newDirectory();
    }

    private KeyPackageDirectory newDirectory() {
      return new KeyPackageDirectory(
          keys.peerId(),
          new DirectorySigner(keys.gossipKey()),
          new DirectoryRules(),
          CONFIG.directory(),
          CONFIG.keyPackages());
    }

    /** A restart: a new directory over the same storage, which restores its claims from it. */
    void restart() {
      directory = newDirectory();
      directory.restoreClaims(storage.claims().listAfter(now), now);
    }

    PeerId id() {
      return keys.peerId();
    }

    Bytes identity() {
      return keys.mlsIdentity();
    }

    /** Mints the pool plus a last-resort KeyPackage, stores and announces them. */
    void start() throws DirectoryException {
      List<Bytes> minted = mint(CONFIG.keyPackages().poolSize(), false);
      minted.addAll(mint(1, true));
      run(this, directory.announceOwn(minted, now));
    }

    List<Bytes> mint(int count, boolean lastResort) {
      List<Bytes> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        StoredKeyPackage kp =
            KeyPackageMint.mint(keys, Duration.ofDays(1), lastResort, now, random(seeds++));
        storage.keyPackages().add(kp);
        out.add(kp.info().keyPackage());
        kp.destroy();
      }
      return out;
    }

    void fetch(Bytes identity, long requestId) {
      run(this, directory.fetch(identity, requestId, now));
    }
  }

  final List<Node> nodes = new ArrayList<>();
  long now = 1_700_000_000_000L;
  private long seeds = 1000;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  int rejected;

  static SeededEntropySource random(long seed) {
    return new SeededEntropySource(seed);
  }

  Node add() {
    Node node = new Node(nodes.size() + 1);
    nodes.add(node);
    return node;
  }

  /** Carries out effects (and what they cause) until the network is quiet. */
  void run(Node at, List<DirectoryEffect> effects) {
    for (DirectoryEffect effect : effects) {
      queue.add(() -> perform(at, effect));
    }
    if (queue.size() == effects.size()) { // outermost call drains
      while (!queue.isEmpty()) {
        queue.poll().run();
      }
    }
  }

  private void perform(Node at, DirectoryEffect effect) {
    if (effect instanceof DirectoryEffect.Publish p) {
      Bytes wire = p.message().encoded();
      for (Node other : nodes) {
        if (other != at && other.online) {
          deliver(other, at.id(), wire, false);
        }
      }
    } else if (effect instanceof DirectoryEffect.SendDirect d) {
      for (Node other : nodes) {
        if (other.id().equals(d.to()) && other.online) {
          deliver(other, at.id(), d.message().encoded(), true);
        }
      }
    } else if (effect instanceof DirectoryEffect.FetchSucceeded s) {
      at.results.put(s.requestId(), s);
    } else if (effect instanceof DirectoryEffect.FetchFailed f) {
      at.results.put(f.requestId(), f);
    } else if (effect instanceof DirectoryEffect.Replenish r) {
      List<Bytes> minted = at.mint(r.count(), false);
      try {
        queue.addAll(wrap(at, at.directory.announceOwn(minted, now)));
      } catch (DirectoryException e) {
        throw new AssertionError(e);
      }
    } else if (effect instanceof DirectoryEffect.DeleteOwn d) {
      at.storage.keyPackages().delete(d.ref());
    } else if (effect instanceof DirectoryEffect.RememberClaim c) {
      at.storage.claims().put(c.ref(), c.identity(), c.untilMillis());
    }
  }

  private List<Runnable> wrap(Node at, List<DirectoryEffect> effects) {
    List<Runnable> out = new ArrayList<>();
    effects.forEach(e -> out.add(() -> perform(at, e)));
    return out;
  }

  private void deliver(Node to, PeerId from, Bytes wire, boolean direct) {
    try {
      DirectoryMessage message = DirectoryMessage.decode(wire);
      queue.addAll(
          wrap(
              to,
              direct
                  ? to.directory.onDirect(message, from, now)
                  : to.directory.onMessage(message, from, now)));
    } catch (DirectoryException e) {
      rejected++;
    }
  }

  void tick() {
    for (Node node : nodes) {
      if (node.online) {
        run(node, node.directory.tick(now));
      }
    }
  }

  /** The refs of {@code owner}'s stored KeyPackages. */
  static List<Bytes> storedRefs(Node owner) {
    return owner.storage.keyPackages().list().stream().map(KeyPackageInfo::ref).toList();
  }

  /** {@code owner}'s stored KeyPackages, encoded. */
  static List<Bytes> storedKeyPackages(Node owner) {
    return owner.storage.keyPackages().list().stream().map(KeyPackageInfo::keyPackage).toList();
  }
}
