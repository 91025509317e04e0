package org.mlsmesh.protocol.group;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Remove;

/**
 * The group that {@link GroupFuzzTest} attacks, built from one seed: three members (0 created the
 * group), and a fourth client holding a KeyPackage. Member 1 receives; the valid messages member 0
 * sends it (Commits with and without a path, an application message) and the Welcome for the fourth
 * client are the seeds. Same seed, same bytes: the seed files stay valid until this class changes,
 * which {@code GroupSeedsTest} checks.
 */
public final class FuzzGroup {
  static final long NOW = Clients.NOW;

  final GroupEnvironment env;
  final GroupState receiver;
  final KeyPackageBundle joinerPackage;
  final Clients.Identity joiner;
  final List<MlsMessage> commits;
  final MlsMessage application;
  final MlsMessage welcome;

  private static FuzzGroup instance;

  /** The one fixture of this JVM: building it takes a few group operations. */
  static synchronized FuzzGroup get() {
    if (instance == null) {
      try {
        instance = new FuzzGroup();
      } catch (Exception e) {
        throw new IllegalStateException("the fuzzing group could not be built", e);
      }
    }
    return instance;
  }

  private FuzzGroup() throws Exception {
    Clients clients =
        new Clients(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, 15, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(3);
    env = clients.env;
    receiver = group.get(1);
    GroupState sender = group.get(0);
    joiner = clients.identity("joiner");
    joinerPackage = clients.keyPackage(joiner);
    application =
        sender.encrypt(Bytes.of("hello".getBytes(StandardCharsets.UTF_8)), Bytes.EMPTY, 0);
    CommitResult withPath = sender.commit(CommitOptions.defaults().withForcePath(true), NOW);
    CommitResult adding =
        sender.commit(
            CommitOptions.defaults().withProposals(List.of(new Add(joinerPackage.keyPackage()))),
            NOW);
    CommitResult removing =
        sender.commit(
            CommitOptions.defaults()
                .withProposals(List.of(new Remove(group.get(2).ownLeaf())))
                .withForcePath(false),
            NOW);
    commits = List.of(withPath.commit(), adding.commit(), removing.commit());
    welcome = adding.welcome().orElseThrow();
  }

  /** Member 1 processes {@code message} in a copy of its state, and merges a staged Commit. */
  void receive(MlsMessage message) throws DecodeException, ValidationException {
    GroupState state = receiver.copy();
    try {
      Processed processed = state.process(message, NOW);
      if (processed instanceof Processed.CommitStaged staged) {
        staged.commit().merge().destroy();
      }
    } finally {
      state.destroy();
    }
  }

  /** The fourth client joins from {@code message}. */
  void join(MlsMessage message) throws DecodeException, ValidationException {
    GroupState.stageWelcome(env, message, joinerPackage, joiner.signer(), Optional.empty(), NOW)
        .join()
        .destroy();
  }

  static MlsMessage decode(byte[] input) throws DecodeException {
    return TlsReader.decodeAll(Bytes.of(input), MlsMessage::decode);
  }

  /** Writes the seeds of {@link GroupFuzzTest} under {@code root} (its {@code Inputs} folder). */
  public static void writeSeeds(Path root) throws IOException {
    FuzzGroup group = get();
    write(root.resolve("commit"), "commit", group.commits);
    write(root.resolve("welcome"), "welcome", List.of(group.welcome));
    write(root.resolve("application"), "application", List.of(group.application));
  }

  private static void write(Path dir, String name, List<MlsMessage> messages) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < messages.size(); i++) {
      Files.write(dir.resolve(name + "-" + i), messages.get(i).encoded().toByteArray());
    }
  }
}
