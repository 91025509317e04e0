package org.mlsmesh.node.guide;

// tag::sample[]
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.config.ConfigBuilder;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.protocol.crypto.CipherSuite;

/** Two nodes in one JVM: Alice creates a group and invites Bob, who reads what she sends. */
public final class EmbeddingSample {
  public static void main(String[] args) throws Exception {
    System.out.println("Bob received: " + run(Files.createTempDirectory("mlsmesh-sample")));
  }

  /** Runs the sample with the nodes' files in {@code dir}; returns what Bob received. */
  public static String run(Path dir) throws Exception {
    try (MlsNode alice = MlsNode.start(config(dir.resolve("alice"), List.of()));
        MlsNode bob = MlsNode.start(config(dir.resolve("bob"), List.of(alice.pinnedAddress())))) {
      CompletableFuture<String> received = new CompletableFuture<>();
      bob.addListener(
          event -> {
            if (event instanceof MlsNodeEvent.MessageReceived m) {
              received.complete(new String(m.payload().toByteArray(), StandardCharsets.UTF_8));
            }
          });

      GroupId group = alice.createGroup().toCompletableFuture().get();
      MembershipChange added = invite(alice, group, bob.identity());
      System.out.println(added.member() + " joined group " + group);

      alice.send(group, "hello, Bob".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get();
      return received.get(30, TimeUnit.SECONDS);
    }
  }

  /** A node with its identity (created on first start) and storage in {@code dir}. */
  public static MlsMeshConfig config(Path dir, List<String> seeds) throws Exception {
    Path identity = dir.resolve("identity.key");
    IdentityFile.createIfMissing(
        identity, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    return ConfigBuilder.create()
        .identityFile(identity)
        .listen("127.0.0.1", 0)
        .sqliteStorage(dir.resolve("node.db"))
        .seeds(seeds)
        .build();
  }

  /**
   * Invites {@code invitee}; completes once it joined. Right after the invitee started, the
   * directory may not have its KeyPackages yet: then the invitation fails at once, and is tried
   * again.
   */
  public static MembershipChange invite(MlsNode from, GroupId group, MemberId invitee)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return from.invite(group, invitee).toCompletableFuture().get();
      } catch (ExecutionException e) {
        if (attempt == 100 || !String.valueOf(e.getCause()).contains("no KeyPackage")) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
// end::sample[]
