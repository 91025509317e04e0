package org.mlsmesh.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlsmesh.app.chat.ChatNode;
import org.mlsmesh.app.chat.ChatSession;
import org.mlsmesh.config.ConfigBuilder;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.node.storage.StorageException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlsmesh chat}: a line-oriented terminal chat on a local node. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a node and chats on it: create groups, invite other nodes by identity, send, see"
          + " members and epochs. Incoming messages and events are printed as they come; /help"
          + " lists the commands.",
      "With --config the node is the one of that file (as for mlsmesh node run). Without it, the"
          + " node keeps its identity (created on first use) and its storage in --dir, over the"
          + " defaults of reference.conf."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the chat ended (/quit or end of input)",
      "1:the node failed",
      "2:bad usage, a bad configuration, identity file or storage file"
    })
final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The node's HOCON configuration file (then --dir, --port, --seed do not apply).")
  Path config;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Without --config: the folder of the node's identity.key and node.db (default:"
              + " ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Without --config: the port to listen on, 0 for any free one (default: 0).")
  Integer port;

  @Option(
      names = "--seed",
      paramLabel = "PEERIDHEX@HOST:PORT",
      description = "Without --config: a node to join the overlay through (repeatable).")
  List<String> seeds = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long a command waits for the node (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 60;

  @Mixin LogOption log;

  private final InputStream input;

  ChatCommand() {
    this(System.in);
  }

  ChatCommand(InputStream input) {
    this.input = input;
  }

  static Path defaultDir() {
    return Path.of(System.getProperty("user.home"), ".mlsmesh", "chat");
  }

  @Override
  public Integer call() throws IOException {
    log.apply(LogOption.LogLevel.WARN);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (config != null && (dir != null || port != null || !seeds.isEmpty())) {
      err.println(
          "mlsmesh chat: --dir, --port and --seed go without --config; set them in the file");
      return ExitCodes.BAD_INPUT;
    }
    if (timeoutSeconds < 1) {
      err.println("mlsmesh chat: --timeout must be at least 1 second, got " + timeoutSeconds);
      return ExitCodes.BAD_INPUT;
    }
    MlsNode node;
    try {
      MlsMeshConfig settings = config != null ? ConfigLoader.load(config) : fromOptions(out);
      node = MlsNode.start(settings);
    } catch (ConfigException | IdentityFileException | StorageException e) {
      err.println("mlsmesh chat: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (TimeoutException e) {
      err.println("mlsmesh chat: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            node.close();
          }
        };
    Thread hook = new Thread(close, "mlsmesh-chat-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ChatSession session =
          new ChatSession(ChatNode.of(node), out, Duration.ofSeconds(timeoutSeconds));
      node.addListener(session::onEvent);
      session.greet();
      out.println("seed address for others: " + node.pinnedAddress());
      out.flush();
      session.handle("/groups");
      session.run(new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)));
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      close.run();
    }
    return ExitCodes.SUCCESS;
  }

  /** reference.conf with the identity and storage in --dir; the identity is created if missing. */
  private MlsMeshConfig fromOptions(PrintWriter out) throws IdentityFileException {
    Path folder = (dir != null ? dir : defaultDir()).toAbsolutePath();
    Path identity = folder.resolve("identity.key");
    if (IdentityFile.createIfMissing(
        identity, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)) {
      out.println("created a new identity in " + identity);
    }
    return ConfigBuilder.create()
        .identityFile(identity)
        .sqliteStorage(folder.resolve("node.db"))
        .set("mlsmesh.node.listen.port", port != null ? port : 0)
        .seeds(seeds)
        .build();
  }
}
