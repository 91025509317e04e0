package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;

/**
 * Meta-test of the library's error discipline: a Commit, a Welcome and an application message,
 * mutated (bytes flipped, cut, inserted, overwritten), are decoded and processed by a member or the
 * joiner. Only {@link DecodeException} and {@link ValidationException} may come out; any other
 * exception is a leak, listed with the mutation that caused it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutatedMessagesTest {
  private static final int MUTATIONS = 150;

  private Clients clients;
  private Clients.Group group;
  private Clients.Identity joiner;
  private KeyPackageBundle bundle;
  private byte[] commit;
  private byte[] welcome;
  private byte[] application;

  @BeforeAll
  void setUp() throws Exception {
    clients =
        new Clients(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, 21, GroupConfig.DEFAULT);
    group = clients.group(3);
    joiner = clients.identity("joiner");
    bundle = clients.keyPackage(joiner);
    CommitResult result =
        group
            .get(0)
            .commit(
                CommitOptions.defaults().withProposals(List.of(new Add(bundle.keyPackage()))),
                Clients.NOW);
    commit = result.commit().encoded().toByteArray();
    welcome = result.welcome().orElseThrow().encoded().toByteArray();
    application =
        group
            .get(0)
            .encrypt(Bytes.of(new byte[] {1, 2, 3}), Bytes.EMPTY, 0)
            .encoded()
            .toByteArray();
  }

  @Test
  void aMutatedCommitOrApplicationMessageYieldsOnlyCheckedErrors() {
    List<String> leaks = new ArrayList<>();
    Set<String> outcomes = new TreeSet<>();
    for (byte[] original : List.of(commit, application)) {
      forEachMutation(
          original,
          (what, bytes) -> {
            GroupState member = group.get(1).copy();
            try {
              member.process(decode(bytes), Clients.NOW);
            } finally {
              member.destroy();
            }
          },
          leaks,
          outcomes);
    }
    assertThat(leaks).isEmpty();
    // Mutations reach past the decoder into validation, not only into DecodeException.
    assertThat(outcomes).contains("DecodeException", "ValidationException");
  }

  @Test
  void aMutatedWelcomeYieldsOnlyCheckedErrors() {
    List<String> leaks = new ArrayList<>();
    Set<String> outcomes = new TreeSet<>();
    forEachMutation(
        welcome,
        (what, bytes) ->
            GroupState.stageWelcome(
                clients.env, decode(bytes), bundle, joiner.signer(), Optional.empty(), Clients.NOW),
        leaks,
        outcomes);
    assertThat(leaks).isEmpty();
    assertThat(outcomes).contains("DecodeException", "ValidationException");
  }

  private static MlsMessage decode(byte[] bytes) throws DecodeException {
    return TlsReader.decodeAll(Bytes.of(bytes), MlsMessage::decode);
  }

  @FunctionalInterface
  private interface Attempt {
    void run(String what, byte[] bytes) throws DecodeException, ValidationException;
  }

  private static void forEachMutation(
      byte[] original, Attempt attempt, List<String> leaks, Set<String> outcomes) {
    SplittableRandom random = new SplittableRandom(original.length);
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] bytes = original.clone();
      String what;
      int at = random.nextInt(bytes.length);
      switch (i % 4) {
        case 0 -> {
          bytes[at] ^= (byte) (1 << random.nextInt(8));
          what = "bit flipped at " + at;
        }
        case 1 -> {
          bytes = Arrays.copyOf(bytes, at);
          what = "cut at " + at;
        }
        case 2 -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
          what = "byte inserted at " + at;
        }
        default -> {
          int end = Math.min(bytes.length, at + 1 + random.nextInt(8));
          Arrays.fill(bytes, at, end, (byte) 0xff);
          what = "0xff from " + at + " to " + end;
        }
      }
      try {
        attempt.run(what, bytes);
        outcomes.add("accepted");
      } catch (DecodeException | ValidationException e) {
        outcomes.add(e.getClass().getSimpleName());
      } catch (RuntimeException | Error e) {
        leaks.add(what + ": " + e);
      }
    }
  }
}
