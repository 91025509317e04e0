package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.storage.SqliteNodeStorage;
import org.mlsmesh.node.storage.StoredIdentity;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * Bad input at the start of {@code mlsmesh node run} and {@code mlsmesh chat}: a corrupt database
 * file or one of another identity, a configuration value of the wrong type, a listen address in use
 * or not of this machine, paths that cannot hold the files. Each stops the start with exit code 2
 * and a message that says what is wrong and where; the bad file is left as it was.
 */
class BadStartInputTest {
  @TempDir Path dir;

  /** Runs the command line; these runs stop before reading the standard input. */
  static Run mlsmesh(String... args) {
    return ConformanceCommandTest.run(args);
  }

  private Path config(String extra) throws Exception {
    return nodeConfig(dir, extra);
  }

  /** An identity and a config naming {@code node.db} in {@code dir}, plus {@code extra}. */
  static Path nodeConfig(Path dir, String extra) throws Exception {
    IdentityFile.write(
        dir.resolve("identity.key"),
        NodeKeys.generate(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource()),
        false);
    Path conf = dir.resolve("node.conf");
    Files.writeString(
        conf,
        "mlsmesh.node { listen.port = 0, storage.path = node.db,"
            + " control { grpc-port = 0, http-port = 0 } }\n"
            + extra);
    return conf;
  }

  private Path corruptDatabase() throws Exception {
    byte[] noise = new byte[16384];
    new Random(7).nextBytes(noise);
    Path db = dir.resolve("node.db");
    Files.write(db, noise);
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
    return db;
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aCorruptDatabaseStopsTheStartNamingTheFile(String command) throws Exception {
    Path conf = config("");
    Path db = corruptDatabase();
    byte[] before = Files.readAllBytes(db);

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains(db.toString())
        .contains("not a database")
        .contains("not modified");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  @Test
  void aCorruptDatabaseInTheChatFolderStopsTheChat() throws Exception {
    config("");
    Path db = corruptDatabase();

    Run run = mlsmesh("chat", "--dir", dir.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(db.toString()).contains("not a database");
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aStringWhereAPortGoesNamesKeyValueOriginAndReason(String command) throws Exception {
    Path conf = config("mlsmesh.node.listen.port = \"eighty\"\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.node.listen.port")
        .contains("\"eighty\"")
        .contains("node.conf: 2")
        .contains("must be an integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aWrongTypeInTheGossipSectionNamesKeyValueOriginAndReason(String command) throws Exception {
    Path conf = config("mlsmesh.gossip.active-view-size = \"five\"\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.gossip.active-view-size")
        .contains("five")
        .contains("node.conf: 2")
        .contains("must be an integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aBadForkChoiceSettleWindowNamesKeyValueOriginAndReason(String command) throws Exception {
    Path conf = config("mlsmesh.fork-choice.settle-window = whenever\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.fork-choice.settle-window")
        .contains("whenever")
        .contains("node.conf: 2")
        .contains("must be measured or a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aPortInUseStopsTheStartAtOnce(String command) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path conf =
          config("mlsmesh.node.listen { host = 127.0.0.1, port = " + taken.getLocalPort() + " }\n");
      long start = System.nanoTime();

      Run run = mlsmesh(args(command, "--config", conf.toString()));

      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err())
          .contains("mlsmesh.node.listen.port")
          .contains("127.0.0.1:" + taken.getLocalPort())
          .contains("in use")
          .hasLineCount(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void anAddressOfAnotherMachineStopsTheStart(String command) throws Exception {
    // TEST-NET-1 (RFC 5737): never an address of this machine.
    Path conf = config("mlsmesh.node.listen.host = 192.0.2.1\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.node.listen.host")
        .contains("192.0.2.1")
        .contains("not an address of this machine")
        .hasLineCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aDatabaseOfAnotherIdentityIsBadInput(String command) throws Exception {
    Path conf = config("");
    Path db = dir.resolve("node.db");
    try (SqliteNodeStorage storage = SqliteNodeStorage.open(db)) {
      NodeKeys other =
          NodeKeys.generate(
              CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource());
      storage
          .identity()
          .store(
              new StoredIdentity(
                  other.mlsSignatureKey().publicKey(),
                  other.mlsSignatureKey().privateKey(),
                  other.credential().encoded(),
                  0));
    }

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains(db.toString())
        .contains("belongs to another identity")
        .contains("identity.key")
        .hasLineCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aStoragePathUnderARegularFileSaysSo(String command) throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    Path conf = config("mlsmesh.node.storage.path = plain/node.db\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(file + " is a file, not a directory").hasLineCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void anIdentityFileThatIsADirectorySaysSo(String command) throws Exception {
    Path conf = config("mlsmesh.node.identity-file = keys\n");
    Files.createDirectory(dir.resolve("keys"));

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("keys: is a directory").doesNotContain("keygen");
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void twentyThousandNestedObjectsAreOneCleanLine(String command) throws Exception {
    Path conf = config("a { ".repeat(20_000) + "}".repeat(20_000) + "\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains(conf + ":2: nested deeper than 64 levels")
        .doesNotContain("StackOverflowError")
        .hasLineCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aMistypedKeyIsRefusedWithTheKeyMeant(String command) throws Exception {
    Path conf = config("mlsmesh.node.storage.engin = memory\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.node.storage.engin: unknown key (at " + conf + ":2)")
        .contains("the nearest known key is mlsmesh.node.storage.engine")
        .hasLineCount(1);
    assertThat(dir.resolve("node.db")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aSeedPinThatIsNotHexIsRefusedAtStart(String command) throws Exception {
    Path conf = config("mlsmesh.gossip.seeds = [\"" + "xy".repeat(32) + "@127.0.0.1:7000\"]\n");

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("mlsmesh.gossip.seeds: the peer id before '@' must be 64 hex digits")
        .hasLineCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node run", "chat"})
  void aDatabaseOrIdentityOpenToOthersIsRefusedNamingTheFix(String command) throws Exception {
    Path conf = config("");
    Path db = dir.resolve("node.db");
    Files.createFile(
        db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

    Run run = mlsmesh(args(command, "--config", conf.toString()));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains(db + ": open to its group or others")
        .contains("chmod 600 " + db)
        .hasLineCount(1);

    Path identity = dir.resolve("identity.key");
    Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw----r--"));
    Run again = mlsmesh(args(command, "--config", conf.toString()));
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(again.err())
        .contains(identity + ": open to its group or others")
        .contains("chmod 600 " + identity);
  }

  private static String[] args(String command, String... rest) {
    String[] words = command.split(" ");
    String[] all = new String[words.length + rest.length];
    System.arraycopy(words, 0, all, 0, words.length);
    System.arraycopy(rest, 0, all, words.length, rest.length);
    return all;
  }
}
