package org.mlsmesh.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlsmesh.app.chat.ChatNode;
import org.mlsmesh.app.chat.ChatSession;
import org.mlsmesh.app.chat.CurrentGroupStore;
import org.mlsmesh.config.ConfigBuilder;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.config.NodeConfig;
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
          + " node keeps its identity (created on first use), its storage and the current group in"
          + " --dir, over the defaults of reference.conf, and listens on --listen.",
      "Commands run in the background: what you type goes out at once, even while a Commit"
          + " waits for its settle window, and each command's result is printed when it comes."
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
          "The node's HOCON configuration file (then --dir, --listen, --port and --seed do not"
              + " apply).")
  Path config;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Without --config: the folder of the node's identity.key, node.db and current-group"
              + " (default: ~/.mlsmesh/chat).")
  Path dir;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      converter = ListenAddress.Converter.class,
      description =
          "Without --config: the address to listen on, an address of this machine (0.0.0.0 for"
              + " all of them; port 0 for any free one). Others reach you at the seed address"
              + " printed at start (default: 127.0.0.1:0).")
  ListenAddress listen;

  @Option(
      names = "--port",
      paramLabel = "N",
      description =
          "Without --config: the port to listen on, 0 for any free one; --listen HOST:N in"
              + " short (default: 0).")
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
    if (config != null && (dir != null || listen != null || port != null || !seeds.isEmpty())) {
      err.println(
          "mlsmesh chat: --dir, --listen, --port and --seed go without --config; set them in the"
              + " file");
      return ExitCodes.BAD_INPUT;
    }
    if (listen != null && port != null) {
      err.println("mlsmesh chat: --listen and --port go not together; --listen HOST:PORT has both");
      return ExitCodes.BAD_INPUT;
    }
    if (timeoutSeconds < 1) {
      err.println("mlsmesh chat: --timeout must be at least 1 second, got " + timeoutSeconds);
      return ExitCodes.BAD_INPUT;
    }
    RunningNode running;
    MlsMeshConfig settings;
    try {
      settings = config != null ? ConfigLoader.load(config) : fromOptions(out);
      running = RunningNode.start(settings);
    } catch (ConfigException | IdentityFileException | StorageException | IOException e) {
      err.println("mlsmesh chat: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (TimeoutException e) {
      err.println("mlsmesh chat: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    MlsNode node = running.node();
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            running.close();
          }
        };
    Thread hook = new Thread(close, "mlsmesh-chat-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ChatSession session =
          new ChatSession(
              ChatNode.of(node),
              out,
              Duration.ofSeconds(timeoutSeconds),
              currentGroupStore(settings));
      node.addListener(session::onEvent);
      session.greet();
      seedAddresses(node).forEach(out::println);
      running.controlLines().forEach(out::println);
      out.flush();
      session.resume();
      session.awaitAnswers(Duration.ofSeconds(timeoutSeconds)); // the groups, before any line
      session.run(new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)));
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      close.run();
    }
    return ExitCodes.SUCCESS;
  }

  /**
   * The seed address to give others; listening on every address (0.0.0.0), the address is one of
   * this machine's, which the lines list.
   */
  static List<String> seedAddresses(MlsNode node) {
    String pinned = node.pinnedAddress();
    int at = pinned.indexOf('@');
    int colon = pinned.lastIndexOf(':');
    String host = pinned.substring(at + 1, colon);
    if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
      return List.of("seed address for others: " + pinned);
    }
    List<String> lines = new ArrayList<>();
    lines.add("listening on every address of this machine; seed address for others, one of:");
    for (String address : machineAddresses()) {
      lines.add("  " + pinned.substring(0, at + 1) + address + pinned.substring(colon));
    }
    return lines;
  }

  private static List<String> machineAddresses() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            addresses.add(a.getHostAddress());
          } else if (!a.isLinkLocalAddress()) {
            addresses.add("[" + a.getHostAddress() + "]");
          }
        }
      }
    } catch (SocketException e) {
      addresses.add("(this machine's addresses cannot be listed: " + e.getMessage() + ")");
    }
    return addresses;
  }

  private Path folder() {
    return (dir != null ? dir : defaultDir()).toAbsolutePath();
  }

  /** The current group is kept beside the node's database ({@code current-group}), if any. */
  private static CurrentGroupStore currentGroupStore(MlsMeshConfig settings) {
    NodeConfig.Storage storage = settings.node().storage();
    return storage.engine() == NodeConfig.StorageEngine.SQLITE
        ? CurrentGroupStore.file(storage.path().toAbsolutePath().resolveSibling("current-group"))
        : CurrentGroupStore.inMemory();
  }

  /**
   * reference.conf with the identity and storage in --dir and the address of --listen (or --port);
   * the identity is created if missing.
   */
  private MlsMeshConfig fromOptions(PrintWriter out) throws IdentityFileException {
    ListenAddress address =
        listen != null
            ? listen
            : new ListenAddress(ListenAddress.DEFAULT.host(), port != null ? port : 0);
    Path folder = folder();
    Path identity = folder.resolve("identity.key");
    if (IdentityFile.createIfMissing(
        identity, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)) {
      out.println("created a new identity in " + identity);
    }
    return ConfigBuilder.create()
        .identityFile(identity)
        .sqliteStorage(folder.resolve("node.db"))
        .listen(address.host(), address.port())
        .seeds(seeds)
        .set("mlsmesh.node.control.grpc-port", 0)
        .set("mlsmesh.node.control.http-port", 0)
        .set("mlsmesh.node.control.token-file", folder.resolve("control.token"))
        .build();
  }
}
